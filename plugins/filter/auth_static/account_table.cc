#include "plugins/filter/auth_static/account_table.h"

#include <algorithm>
#include <utility>

#include "plugins/filter/auth_static/password_verifier.h"

namespace smppd::plugins::auth_static {
namespace {

// The cost most accounts' hashes use, so that an unknown system_id costs what a known one does.
HashCost typical_cost(const std::map<std::string, Account, std::less<>>& accounts) {
  std::vector<std::pair<HashCost, size_t>> seen;
  for (const auto& [system_id, account] : accounts) {
    const auto cost = hash_cost(account.password_hash);
    if (!cost) continue;
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& entry) { return entry.first == *cost; });
    if (it == seen.end()) {
      seen.emplace_back(*cost, 1);
    } else {
      ++it->second;
    }
  }
  if (seen.empty()) return kOwaspCost;
  return std::max_element(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
}

}  // namespace

AccountTable::AccountTable(std::vector<Account> accounts) {
  for (auto& account : accounts) {
    std::string key = account.system_id;
    accounts_.insert_or_assign(std::move(key), std::move(account));
  }
  dummy_hash_ = make_dummy_hash(typical_cost(accounts_));
}

const Account* AccountTable::find(std::string_view system_id) const {
  auto it = accounts_.find(system_id);
  return it == accounts_.end() ? nullptr : &it->second;
}

}  // namespace smppd::plugins::auth_static
