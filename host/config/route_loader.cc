#include "host/config/route_loader.h"

#include <array>
#include <span>

#include "host/config/closest_name.h"
#include "host/config/key_path.h"
#include "host/config/toml_value_text.h"
#include "host/config/value_limits.h"

namespace smppd::config {
namespace {

constexpr size_t kMaxServiceTypeLength = 5;  // SMPP service_type: 6 octets with the NUL
constexpr int64_t kMaxWeight = 1'000'000;
constexpr std::array<std::string_view, 3> kActionKeys = {"cluster", "weighted_clusters", "reject_status"};
constexpr std::array<std::string_view, 2> kMoActionKeys = {"system_id", "reject_status"};

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

void report_unknown_cluster(LoadContext& context, const toml::node& at, std::string key_path, const std::string& name,
                            const UniqueNames& clusters) {
  std::string message = "no cluster is named " + in_quotes(name);
  const std::vector<std::string_view> names = clusters.names();
  if (const std::optional<std::string_view> meant = closest_name(name, names)) {
    message += "; did you mean " + in_quotes(*meant) + "?";
  }
  context.error(at, std::move(key_path), std::move(message));
}

// Reads `key` as a cluster name that must exist.
void read_cluster_reference(TableReader& reader, std::string_view key, std::string& out, const UniqueNames& clusters) {
  if (!reader.string(key, out, Presence::required, 1) || clusters.contains(out)) {
    return;
  }
  report_unknown_cluster(reader.context(), *reader.table().get(key), reader.child_path(key), out, clusters);
}

// Reads `key` as a list of cluster names that must all exist.
void read_cluster_references(TableReader& reader, std::string_view key, std::vector<std::string>& out,
                             const UniqueNames& clusters) {
  if (!reader.string_array(key, out, 1)) {
    return;
  }
  const toml::array& list = *reader.table().get(key)->as_array();
  for (size_t i = 0; i < out.size(); ++i) {
    if (!clusters.contains(out[i])) {
      report_unknown_cluster(reader.context(), *list.get(i), key_path_index(reader.child_path(key), i), out[i],
                             clusters);
    }
  }
}

// A route table says where matched messages go with exactly one of `keys`.
void require_exactly_one_action(TableReader& reader, std::span<const std::string_view> keys) {
  std::vector<std::string_view> actions_given;
  for (std::string_view key : keys) {
    if (reader.table().contains(key)) {
      actions_given.push_back(key);
    }
  }
  if (actions_given.size() == 1) {
    return;
  }
  std::string message = "expected exactly one of ";
  for (size_t i = 0; i < keys.size(); ++i) {
    message.append(i == 0 ? "" : (i + 1 == keys.size() ? " or " : ", ")).append(keys[i]);
  }
  message += ", got ";
  if (actions_given.empty()) {
    message += "none";
  }
  for (size_t i = 0; i < actions_given.size(); ++i) {
    message.append(i == 0 ? "" : " and ").append(actions_given[i]);
  }
  reader.context().error(reader.table(), reader.key_path(), std::move(message));
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
  require_exactly_one_action(reader, kActionKeys);

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
  reader.integer("unanswered_status", route.unanswered.status, 1, kMaxCommandStatus);
  reader.boolean("retry_unanswered", route.unanswered.retry);
  reader.report_unknown_keys();
  return route;
}

MoRouteConfig read_mo_route(TableReader& reader, const UniqueNames& clusters) {
  MoRouteConfig route;
  reader.string("name", route.name, Presence::required, 1);
  if (std::optional<TableReader> match = reader.sub_table("match")) {
    match->string_array("destination_prefix", route.match.destination_prefix, 1);
    match->string_array("source_prefix", route.match.source_prefix, 1);
    read_cluster_references(*match, "cluster", route.match.cluster, clusters);
    match->report_unknown_keys();
  }

  require_exactly_one_action(reader, kMoActionKeys);
  MoRouteToClient to_client;
  if (reader.string("system_id", to_client.system_id, Presence::optional, 1, kMaxSystemIdLength)) {
    route.action = std::move(to_client);
  }
  RouteReject reject;
  if (reader.integer("reject_status", reject.status, 1, kMaxCommandStatus)) {
    route.action = reject;
  }
  reader.report_unknown_keys();
  return route;
}

}  // namespace smppd::config
