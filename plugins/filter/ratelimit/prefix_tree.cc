#include "plugins/filter/ratelimit/prefix_tree.h"

#include <algorithm>

namespace smppd::plugins::ratelimit {

std::string_view comparable_address(std::string_view address) noexcept {
  if (!address.empty() && address.front() == '+') address.remove_prefix(1);
  return address;
}

PrefixTree::PrefixTree() : nodes_(1) {}

uint32_t PrefixTree::child(uint32_t node, unsigned char octet) const noexcept {
  const auto& children = nodes_[node].children;
  const auto it = std::lower_bound(children.begin(), children.end(), octet,
                                   [](const std::pair<unsigned char, uint32_t>& entry, unsigned char c) { return entry.first < c; });
  return it != children.end() && it->first == octet ? it->second : kNone;
}

bool PrefixTree::insert(std::string_view prefix) {
  prefix = comparable_address(prefix);
  if (prefix.empty()) return false;
  uint32_t node = 0;
  for (const char c : prefix) {
    const auto octet = static_cast<unsigned char>(c);
    uint32_t next = child(node, octet);
    if (next == kNone) {
      next = static_cast<uint32_t>(nodes_.size());
      nodes_.emplace_back();
      auto& children = nodes_[node].children;
      const auto at = std::lower_bound(children.begin(), children.end(), octet,
                                       [](const std::pair<unsigned char, uint32_t>& entry, unsigned char o) { return entry.first < o; });
      children.insert(at, {octet, next});
    }
    node = next;
  }
  if (nodes_[node].prefix != kNone) return false;
  nodes_[node].prefix = static_cast<uint32_t>(prefixes_.size());
  prefixes_.emplace_back(prefix);
  return true;
}

std::optional<std::string_view> PrefixTree::longest_match(std::string_view address) const {
  address = comparable_address(address);
  uint32_t node = 0;
  uint32_t found = kNone;
  for (const char c : address) {
    node = child(node, static_cast<unsigned char>(c));
    if (node == kNone) break;
    if (nodes_[node].prefix != kNone) found = nodes_[node].prefix;
  }
  if (found == kNone) return std::nullopt;
  return std::string_view(prefixes_[found]);
}

}  // namespace smppd::plugins::ratelimit
