#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace smppd::config {

// A route's `match` table. Every condition given must hold; an empty match takes everything.
// Within one list (prefixes, system ids) any entry may match.
struct RouteMatch {
  std::vector<std::string> destination_prefix;
  std::vector<std::string> source_prefix;
  // RE2 syntax, compiled by the router; must match the whole address ("44.*", not "44").
  std::string destination_regex;
  std::string source_regex;
  std::string service_type;
  std::vector<std::string> system_id;  // the client's bind
  std::optional<uint8_t> data_coding;
  std::optional<uint8_t> esm_class;
  std::map<std::string, std::string> attributes;  // request attributes set by filters
};

struct WeightedCluster {
  std::string cluster;
  uint32_t weight = 0;
};

// Where a matched message goes: exactly one of these.
struct RouteToCluster {
  std::string cluster;
};
struct RouteToWeightedClusters {
  std::vector<WeightedCluster> clusters;
};
struct RouteReject {
  uint32_t status = 0;
};
using RouteAction = std::variant<RouteToCluster, RouteToWeightedClusters, RouteReject>;

// What a route does with a submit that was sent upstream but never answered (the bind dropped
// mid-window, or no resp came in time): the SMSC may or may not have it.
struct UnansweredPolicy {
  // The command_status the client gets (ESME_RSYSERR unless configured).
  uint32_t status = 0x00000008;
  // Send it again on another bind instead: a duplicate at the handset is preferred to a loss.
  bool retry = false;
};

// One `[[routes]]` entry; routes are tried in order and the first match wins.
struct RouteConfig {
  std::string name;
  RouteMatch match;
  RouteAction action;
  UnansweredPolicy unanswered;
};

// An `[[mo_routes]]` entry's `match`. As with routes, every condition given must hold, any entry
// of a list may match, and an empty match takes everything.
struct MoRouteMatch {
  std::vector<std::string> destination_prefix;  // the number the mobile sent to
  std::vector<std::string> source_prefix;       // the mobile's number
  std::vector<std::string> cluster;             // the cluster the MO came from
};

// Where a matched MO goes: the client that owns the number, by its bind's system_id.
struct MoRouteToClient {
  std::string system_id;
};
using MoRouteAction = std::variant<MoRouteToClient, RouteReject>;

// One `[[mo_routes]]` entry, for mobile-originated deliver_sm from upstreams (receipts find their
// client by correlation instead); tried in order and the first match wins.
struct MoRouteConfig {
  std::string name;
  MoRouteMatch match;
  MoRouteAction action;
};

}  // namespace smppd::config
