#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/auth_static/account.h"

namespace smppd::plugins::auth_static {

// The accounts in force: immutable once made, shared by every worker and swapped whole on reload.
class AccountTable {
 public:
  // Also makes the dummy hash unknown system_ids are verified against, at the cost most accounts
  // use (OWASP's when there are none): an Argon2id computation, so control thread or blocking pool
  // only. Accounts must have distinct system_ids (the parser checks).
  explicit AccountTable(std::vector<Account> accounts);

  const Account* find(std::string_view system_id) const;
  const std::string& dummy_hash() const noexcept { return dummy_hash_; }
  size_t size() const noexcept { return accounts_.size(); }

 private:
  std::map<std::string, Account, std::less<>> accounts_;
  std::string dummy_hash_;
};

}  // namespace smppd::plugins::auth_static
