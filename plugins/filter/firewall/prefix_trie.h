#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace smppd::plugins::firewall {

// Address prefixes to ids: a lookup walks the address once, whatever the number of prefixes, and
// reports the ids of every prefix the address starts with (the shortest first).
class PrefixTrie {
 public:
  PrefixTrie();

  // The empty prefix matches every address.
  void insert(std::string_view prefix, uint32_t id);

  // Calls visit(id) for each id of each prefix of `address`, shortest prefix first.
  template <class Visit>
  void for_each_match(std::string_view address, Visit&& visit) const {
    uint32_t node = 0;
    for (const uint32_t id : nodes_[node].ids) visit(id);
    for (const char c : address) {
      node = child(node, static_cast<unsigned char>(c));
      if (node == kNone) return;
      for (const uint32_t id : nodes_[node].ids) visit(id);
    }
  }

  // True when some inserted prefix starts `address`.
  bool matches_any(std::string_view address) const;

  bool empty() const noexcept { return prefixes_ == 0; }
  size_t size() const noexcept { return prefixes_; }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> children;  // sorted by octet
    std::vector<uint32_t> ids;
  };
  uint32_t child(uint32_t node, unsigned char octet) const noexcept;

  std::vector<Node> nodes_;
  size_t prefixes_ = 0;
};

// An address as the firewall compares it: without a leading '+', so "+4477" in a config or a list
// matches the destination_addr "447700900123" a client sends with TON international.
std::string_view comparable_address(std::string_view address) noexcept;

}  // namespace smppd::plugins::firewall
