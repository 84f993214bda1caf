#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/router/prefix_trie.h"

namespace smppd::router {

// The candidates of "first match wins" without a scan over every route: a trie from destination
// prefixes to the routes that list them, plus the routes without a prefix condition, which are
// candidates for every address. A lookup walks the address once, then tries each candidate list
// in route order, stopping in each at the first route that holds or that comes after the best
// found so far. The answer is therefore the lowest-index route whose prefix matches and whose
// other conditions hold: an earlier route wins over a later one with a longer prefix.
class PrefixRouteIndex {
 public:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

  class Builder {
   public:
    // Routes must be added in order. No prefixes: a candidate for every address.
    void add(uint32_t route, std::span<const std::string> prefixes);
    PrefixRouteIndex build() &&;

   private:
    PrefixTrie::Builder trie_;
    std::vector<uint32_t> unconditional_;
  };

  PrefixRouteIndex() = default;

  // The lowest route index whose prefix matches `address` and for which holds(index) is true;
  // kNone when there is none. holds() is only asked about candidates.
  template <typename Holds>
  uint32_t first_match(std::string_view address, Holds&& holds) const {
    uint32_t best = kNone;
    auto try_in_order = [&](std::span<const uint32_t> routes) {
      for (uint32_t route : routes) {
        if (route >= best) {
          return;  // the rest come later than a route that already holds
        }
        if (holds(route)) {
          best = route;
          return;
        }
      }
    };
    trie_.for_each_prefix_of(address, [&](std::span<const uint32_t> routes) {
      try_in_order(routes);
      return best != 0;
    });
    try_in_order(unconditional_);
    return best;
  }

  size_t trie_node_count() const { return trie_.node_count(); }

 private:
  PrefixTrie trie_;
  std::vector<uint32_t> unconditional_;
};

}  // namespace smppd::router
