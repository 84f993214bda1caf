#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smppd::plugins::ratelimit {

// Destination prefixes of one limit: the longest configured prefix an address starts with, in one
// walk of the address whatever the number of prefixes. A leading '+' is ignored on both sides, so
// "+44" in a config matches the destination_addr "447700900123".
class PrefixTree {
 public:
  PrefixTree();

  // False when the prefix (without its '+') is empty or inserted already.
  bool insert(std::string_view prefix);

  // The longest inserted prefix `address` starts with (without '+'), or nothing.
  std::optional<std::string_view> longest_match(std::string_view address) const;

  size_t size() const noexcept { return prefixes_.size(); }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> children;  // sorted by octet
    uint32_t prefix = kNone;                                   // index in prefixes_ ending here
  };
  uint32_t child(uint32_t node, unsigned char octet) const noexcept;

  std::vector<Node> nodes_;
  std::vector<std::string> prefixes_;
};

// An address as limits compare it: without a leading '+'.
std::string_view comparable_address(std::string_view address) noexcept;

}  // namespace smppd::plugins::ratelimit
