#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "host/config/route_config.h"

namespace smppd::router {

enum class RouteOutcome : uint8_t {
  to_cluster,  // send to cluster_index (a weighted route's pick already made)
  reject,      // answer with status, the route's reject_status
  no_route,    // no route matched: answer with status, [router] no_route_status
};

// The router's answer for one request. The names point into the Router, valid while it lives.
struct RouteDecision {
  static constexpr uint32_t kNoIndex = std::numeric_limits<uint32_t>::max();

  RouteOutcome outcome = RouteOutcome::no_route;
  uint32_t route_index = kNoIndex;  // in config order; kNoIndex on no_route
  std::string_view route_name;
  uint32_t cluster_index = kNoIndex;  // to_cluster: the index in Config::clusters
  std::string_view cluster_name;
  uint32_t status = 0;  // reject and no_route: the command_status to answer with
  // to_cluster: what to do with a submit sent upstream that got no resp.
  config::UnansweredPolicy unanswered;
};

}  // namespace smppd::router
