#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace smppd::plugins::ratelimit {

// What limits key a request by, read from the call by plugin.cc. Views into the call, valid during
// the hook. An absent value means the request has none: a limit keyed by it does not apply.
struct RequestFacts {
  std::string_view client;       // the bound system_id
  std::string_view sender;       // source_addr
  std::string_view destination;  // destination_addr
  std::optional<std::string_view> route;    // the route the router would pick
  std::optional<std::string_view> cluster;  // its cluster (none for a route that rejects)
  // The values of RateLimiter::tenant_attributes(), in that order.
  std::vector<std::optional<std::string_view>> tenants;
};

}  // namespace smppd::plugins::ratelimit
