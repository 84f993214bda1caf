#include "host/config/cluster_loader.h"

#include "host/config/unique_names.h"
#include "host/config/value_limits.h"

namespace smppd::config {
namespace {

// SMPP C-Octet String limits without the NUL (v3.4 section 5.2); system_id's is in value_limits.h.
constexpr size_t kMaxSystemTypeLength = 12;
// v3.4 allows 8 octets; v5.0 and many providers allow longer.
constexpr size_t kMaxPasswordLength = 64;

HealthCheckConfig read_health_check(TableReader& reader) {
  HealthCheckConfig health;
  reader.string("plugin", health.plugin, Presence::optional, 1);
  reader.duration("interval_ms", health.interval, 1, kMaxIntervalMs);
  reader.duration("timeout_ms", health.timeout, 1, kMaxTimeoutMs);
  reader.integer("unhealthy_threshold", health.unhealthy_threshold, 1, 1000);
  reader.integer("healthy_threshold", health.healthy_threshold, 1, 1000);
  reader.report_unknown_keys();
  return health;
}

OutlierConfig read_outlier(TableReader& reader) {
  OutlierConfig outlier;
  reader.integer("consecutive_errors", outlier.consecutive_errors, 0, 1'000'000);
  reader.duration("base_ejection_ms", outlier.base_ejection, 1, kMaxIntervalMs);
  reader.integer("max_ejection_percent", outlier.max_ejection_percent, 0, 100);
  reader.report_unknown_keys();
  return outlier;
}

CircuitBreakerConfig read_circuit_breaker(TableReader& reader) {
  CircuitBreakerConfig breaker;
  reader.integer("max_pending", breaker.max_pending, 1, kMaxCount);
  reader.integer("max_in_flight", breaker.max_in_flight, 1, kMaxCount);
  reader.integer("status", breaker.status, 1, kMaxCommandStatus);
  reader.report_unknown_keys();
  return breaker;
}

UpstreamTlsConfig read_upstream_tls(TableReader& reader) {
  UpstreamTlsConfig tls;
  reader.boolean("enabled", tls.enabled);
  std::filesystem::path ca_file;
  if (reader.readable_file("ca_file", ca_file)) {
    tls.ca_file = std::move(ca_file);
  }
  reader.boolean("verify", tls.verify);
  reader.string("server_name", tls.server_name);
  reader.report_unknown_keys();
  return tls;
}

EndpointConfig read_endpoint(TableReader& reader) {
  EndpointConfig endpoint;
  reader.string("name", endpoint.name, Presence::required, 1);
  reader.host_address("address", endpoint.address, Presence::required);
  reader.integer("port", endpoint.port, 1, kMaxPort, Presence::required);
  reader.string("system_id", endpoint.system_id, Presence::required, 1, kMaxSystemIdLength);
  reader.string("password", endpoint.password, Presence::optional, 0, kMaxPasswordLength);
  reader.string("system_type", endpoint.system_type, Presence::optional, 0, kMaxSystemTypeLength);
  reader.choice("bind_type", endpoint.bind_type,
                {{"tx", BindType::transmitter}, {"rx", BindType::receiver}, {"trx", BindType::transceiver}});
  reader.integer("binds", endpoint.binds, 1, 1000);
  reader.integer("window", endpoint.window, 1, kMaxWindow);
  reader.number("max_tps", endpoint.max_tps, 0, 1'000'000);
  if (std::optional<TableReader> tls = reader.sub_table("tls")) {
    endpoint.tls = read_upstream_tls(*tls);
  }
  reader.duration("enquire_link_interval_ms", endpoint.enquire_link_interval, 0, kMaxIntervalMs);
  reader.duration("response_timeout_ms", endpoint.response_timeout, 1, kMaxTimeoutMs);
  const bool reconnect_min_given = reader.duration("reconnect_min_ms", endpoint.reconnect_min, 1, kMaxTimeoutMs);
  const bool reconnect_max_given = reader.duration("reconnect_max_ms", endpoint.reconnect_max, 1, kMaxIntervalMs);
  if (reconnect_max_given && endpoint.reconnect_max < endpoint.reconnect_min) {
    const std::string path = reader.child_path("reconnect_max_ms");
    reader.context().error(*reader.table().get("reconnect_max_ms"), path,
                           "expected at least reconnect_min_ms (" + std::to_string(endpoint.reconnect_min.count()) +
                               "), got " + std::to_string(endpoint.reconnect_max.count()));
  } else if (reconnect_min_given && !reader.table().contains("reconnect_max_ms") &&
             endpoint.reconnect_min > endpoint.reconnect_max) {
    // A minimum above the default maximum leaves the backoff nowhere to go.
    const std::string path = reader.child_path("reconnect_min_ms");
    reader.context().error(*reader.table().get("reconnect_min_ms"), path,
                           "expected at most reconnect_max_ms (" + std::to_string(endpoint.reconnect_max.count()) +
                               " when left out), got " + std::to_string(endpoint.reconnect_min.count()));
  }
  reader.duration("throttle_pause_ms", endpoint.throttle_pause, 0, kMaxTimeoutMs);
  reader.report_unknown_keys();
  return endpoint;
}

}  // namespace

ClusterConfig read_cluster(TableReader& reader) {
  ClusterConfig cluster;
  reader.string("name", cluster.name, Presence::required, 1);
  reader.string("lb_policy", cluster.lb_policy, Presence::optional, 1);
  reader.plugin_table("lb_config", cluster.lb_config);
  reader.string("upstream", cluster.upstream, Presence::optional, 1);
  reader.plugin_table("upstream_config", cluster.upstream_config);
  if (std::optional<TableReader> health = reader.sub_table("health_check")) {
    cluster.health_check = read_health_check(*health);
  }
  if (std::optional<TableReader> outlier = reader.sub_table("outlier")) {
    cluster.outlier = read_outlier(*outlier);
  }
  if (std::optional<TableReader> breaker = reader.sub_table("circuit_breaker")) {
    cluster.circuit_breaker = read_circuit_breaker(*breaker);
  }
  UniqueNames endpoint_names;
  for (TableReader& endpoint_reader : reader.table_array("endpoints")) {
    cluster.endpoints.push_back(read_endpoint(endpoint_reader));
    endpoint_names.add(endpoint_reader);
  }
  if (cluster.upstream == kSmppUpstream && cluster.endpoints.empty()) {
    // A wrongly typed array or element was reported already; absence and emptiness are not.
    const toml::node* endpoints = reader.table().get("endpoints");
    if (endpoints == nullptr) {
      reader.context().error(reader.table(), reader.child_path("endpoints"),
                             "required key is missing (upstream \"smpp\" needs at least one [[clusters.endpoints]])");
    } else if (endpoints->is_array() && endpoints->as_array()->empty()) {
      reader.context().error(*endpoints, reader.child_path("endpoints"),
                             "expected at least one endpoint (upstream \"smpp\" has nothing to bind to)");
    }
  }
  reader.report_unknown_keys();
  return cluster;
}

}  // namespace smppd::config
