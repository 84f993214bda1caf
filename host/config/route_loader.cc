#include "host/config/route_loader.h"

#include <array>

#include "host/config/closest_name.h"
#include "host/config/toml_value_text.h"
#include "host/config/value_limits.h"

namespace smppd::config {
namespace {

constexpr size_t kMaxServiceTypeLength = 5;  // SMPP service_type: 6 octets with the NUL
constexpr int64_t kMaxWeight = 1'000'000;
constexpr std::array<std::string_view, 3> kActionKeys = {"cluster", "weighted_clusters", "reject_status"};

RouteMatch read_match(TableReader& reader) {
  RouteMatch match;
  reader.string_array("destination_prefix", match.destination_prefix, 1);
  reader.string_array("source_prefix", match.source_prefix, 1);
  reader.string("destination_regex", match.destination_regex);
  reader.string("source_regex", match.source_regex);
  reader.string("service_type", match.service_type, Presence::optional, 0, kMaxServiceTypeLength);
  reader.string_array("system_id", match.system_id, 1);
  reader.integer("data_coding", match.data_coding, 0, 255);
  reader.integer("esm_class", match.esm_class, 0, 255);
  reader.string_map("attributes", match.attributes);
  reader.report_unknown_keys();
  return match;
}

// Reads `key` as a cluster name that must exist.
void read_cluster_reference(TableReader& reader, std::string_view key, std::string& out, const UniqueNames& clusters) {
  if (!reader.string(key, out, Presence::required, 1) || clusters.contains(out)) {
    return;
  }
  std::string message = "no cluster is named " + in_quotes(out);
  const std::vector<std::string_view> names = clusters.names();
  if (const std::optional<std::string_view> meant = closest_name(out, names)) {
    message += "; did you mean " + in_quotes(*meant) + "?";
  }
  reader.context().error(*reader.table().get(key), reader.child_path(key), std::move(message));
}

RouteToWeightedClusters read_weighted_clusters(TableReader& reader, const UniqueNames& clusters) {
  RouteToWeightedClusters weighted;
  const toml::node* list = reader.find("weighted_clusters");
  uint64_t total_weight = 0;
  bool every_weight_read = true;
  for (TableReader& entry : reader.table_array("weighted_clusters")) {
    WeightedCluster cluster;
    read_cluster_reference(entry, "cluster", cluster.cluster, clusters);
    every_weight_read &= entry.integer("weight", cluster.weight, 0, kMaxWeight, Presence::required);
    entry.report_unknown_keys();
    total_weight += cluster.weight;
    weighted.clusters.push_back(std::move(cluster));
  }
  const std::string path = reader.child_path("weighted_clusters");
  if (list->is_array() && list->as_array()->empty()) {
    reader.context().error(*list, path, "expected at least one { cluster = \"...\", weight = N }");
  } else if (!weighted.clusters.empty() && every_weight_read && total_weight == 0) {
    reader.context().error(*list, path, "expected a weight above 0 on at least one cluster");
  }
  return weighted;
}

}  // namespace

RouteConfig read_route(TableReader& reader, const UniqueNames& clusters) {
  RouteConfig route;
  reader.string("name", route.name, Presence::required, 1);
  if (std::optional<TableReader> match = reader.sub_table("match")) {
    route.match = read_match(*match);
  }

  std::vector<std::string_view> actions_given;
  for (std::string_view key : kActionKeys) {
    if (reader.table().contains(key)) {
      actions_given.push_back(key);
    }
  }
  if (actions_given.size() != 1) {
    std::string message = "expected exactly one of cluster, weighted_clusters or reject_status, got ";
    if (actions_given.empty()) {
      message += "none";
    }
    for (size_t i = 0; i < actions_given.size(); ++i) {
      message.append(i == 0 ? "" : " and ").append(actions_given[i]);
    }
    reader.context().error(reader.table(), reader.key_path(), std::move(message));
  }

  if (reader.table().contains("cluster")) {
    RouteToCluster to_cluster;
    read_cluster_reference(reader, "cluster", to_cluster.cluster, clusters);
    route.action = std::move(to_cluster);
  }
  if (reader.table().contains("weighted_clusters")) {
    route.action = read_weighted_clusters(reader, clusters);
  }
  RouteReject reject;
  if (reader.integer("reject_status", reject.status, 1, kMaxCommandStatus)) {
    route.action = reject;
  }
  reader.report_unknown_keys();
  return route;
}

}  // namespace smppd::config
