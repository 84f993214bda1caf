#include "host/router/prefix_route_index.h"

namespace smppd::router {

void PrefixRouteIndex::Builder::add(uint32_t route, std::span<const std::string> prefixes) {
  if (prefixes.empty()) {
    unconditional_.push_back(route);
    return;
  }
  for (const std::string& prefix : prefixes) {
    trie_.add(prefix, route);
  }
}

PrefixRouteIndex PrefixRouteIndex::Builder::build() && {
  PrefixRouteIndex index;
  index.trie_ = std::move(trie_).build();
  index.unconditional_ = std::move(unconditional_);
  return index;
}

}  // namespace smppd::router
