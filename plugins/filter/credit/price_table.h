#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace smppd::plugins::credit {

// Prices per part by destination prefix, in a digit tree: the longest prefix of a number that has
// a price wins ("49" for Germany, "4915" for one of its mobile ranges). Immutable once built;
// lookups from any thread.
class PriceTable {
 public:
  // Sets the price of `prefix` (digits only, checked by the config). Returns false when the
  // prefix is not 1 or more digits.
  bool add(std::string_view prefix, int64_t price);

  // The price of the longest prefix of `destination` in the table; nullopt when none matches. A
  // leading '+' is skipped and the number ends at its first non-digit.
  std::optional<int64_t> lookup(std::string_view destination) const noexcept;

  size_t size() const noexcept { return priced_; }

 private:
  struct Node {
    std::array<uint32_t, 10> children{};  // index into nodes_; 0: none (the root is never a child)
    std::optional<int64_t> price;
  };
  std::vector<Node> nodes_{Node{}};  // nodes_[0] is the root: the empty prefix
  size_t priced_ = 0;
};

}  // namespace smppd::plugins::credit
