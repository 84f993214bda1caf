#pragma once

#include <cstdint>
#include <string>

struct smppd_call;

namespace smppd::api {

// Where a call would go if it left its filter chain now: what smppd_call_api.route answers. The
// listener's dispatcher implements it over its router.
class RouteLookup {
 public:
  struct Answer {
    std::string route;
    std::string cluster;  // empty for a route that rejects
  };

  virtual ~RouteLookup() = default;
  // The session's worker, during a filter hook. A pure lookup: nothing is counted or sent.
  // SMPPD_OK with the names in `out`, SMPPD_E_NOT_FOUND when no route matches or the request is
  // not one the router routes.
  virtual int32_t route_of(const smppd_call& call, Answer& out) const = 0;
};

}  // namespace smppd::api
