#include "plugins/filter/credit/price_table.h"

namespace smppd::plugins::credit {

bool PriceTable::add(std::string_view prefix, int64_t price) {
  if (prefix.empty()) return false;
  for (const char c : prefix) {
    if (c < '0' || c > '9') return false;
  }
  uint32_t node = 0;
  for (const char c : prefix) {
    const auto digit = static_cast<size_t>(c - '0');
    if (nodes_[node].children[digit] == 0) {
      nodes_[node].children[digit] = static_cast<uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    node = nodes_[node].children[digit];
  }
  if (!nodes_[node].price) ++priced_;
  nodes_[node].price = price;
  return true;
}

std::optional<int64_t> PriceTable::lookup(std::string_view destination) const noexcept {
  if (!destination.empty() && destination.front() == '+') destination.remove_prefix(1);
  std::optional<int64_t> best;
  uint32_t node = 0;
  for (const char c : destination) {
    if (c < '0' || c > '9') break;
    const uint32_t next = nodes_[node].children[static_cast<size_t>(c - '0')];
    if (next == 0) break;
    node = next;
    if (nodes_[node].price) best = nodes_[node].price;
  }
  return best;
}

}  // namespace smppd::plugins::credit
