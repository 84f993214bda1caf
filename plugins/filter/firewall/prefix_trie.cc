#include "plugins/filter/firewall/prefix_trie.h"

#include <algorithm>

namespace smppd::plugins::firewall {

PrefixTrie::PrefixTrie() : nodes_(1) {}

void PrefixTrie::insert(std::string_view prefix, uint32_t id) {
  uint32_t node = 0;
  for (const char c : prefix) {
    const auto octet = static_cast<unsigned char>(c);
    auto& children = nodes_[node].children;
    auto it = std::lower_bound(children.begin(), children.end(), octet,
                               [](const auto& entry, unsigned char value) { return entry.first < value; });
    if (it != children.end() && it->first == octet) {
      node = it->second;
      continue;
    }
    const auto created = static_cast<uint32_t>(nodes_.size());
    children.insert(it, {octet, created});
    nodes_.emplace_back();  // may move `children`: not used after this
    node = created;
  }
  auto& ids = nodes_[node].ids;
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
    ids.push_back(id);
    ++prefixes_;
  }
}

bool PrefixTrie::matches_any(std::string_view address) const {
  bool found = false;
  uint32_t node = 0;
  if (!nodes_[0].ids.empty()) return true;
  for (const char c : address) {
    node = child(node, static_cast<unsigned char>(c));
    if (node == kNone) return false;
    if (!nodes_[node].ids.empty()) {
      found = true;
      break;
    }
  }
  return found;
}

uint32_t PrefixTrie::child(uint32_t node, unsigned char octet) const noexcept {
  const auto& children = nodes_[node].children;
  auto it = std::lower_bound(children.begin(), children.end(), octet,
                             [](const auto& entry, unsigned char value) { return entry.first < value; });
  return it != children.end() && it->first == octet ? it->second : kNone;
}

std::string_view comparable_address(std::string_view address) noexcept {
  if (!address.empty() && address.front() == '+') address.remove_prefix(1);
  return address;
}

}  // namespace smppd::plugins::firewall
