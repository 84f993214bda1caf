#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace smppd::router {

enum class MoRouteOutcome : uint8_t {
  to_client,  // deliver to the client bound as system_id
  reject,     // answer the upstream's deliver_sm with status, the mo_route's reject_status
  no_route,   // no mo_route matched: answer with status, [router] mo_no_route_status, and log it
};

// The MO router's answer for one deliver_sm. The names point into the MoRouter, valid while it
// lives.
struct MoRouteDecision {
  static constexpr uint32_t kNoIndex = std::numeric_limits<uint32_t>::max();

  MoRouteOutcome outcome = MoRouteOutcome::no_route;
  uint32_t route_index = kNoIndex;  // in config order; kNoIndex on no_route
  std::string_view route_name;
  std::string_view system_id;  // to_client: the client that owns the number
  uint32_t status = 0;         // reject and no_route: the deliver_sm_resp command_status
};

}  // namespace smppd::router
