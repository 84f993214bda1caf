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
  std::string destination_regex;  // RE2 syntax, compiled by the router
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

// One `[[routes]]` entry; routes are tried in order and the first match wins.
struct RouteConfig {
  std::string name;
  RouteMatch match;
  RouteAction action;
};

}  // namespace smppd::config
