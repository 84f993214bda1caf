#include "host/config/listener_loader.h"

#include "host/config/value_limits.h"

namespace smppd::config {

ListenerTlsConfig read_listener_tls(TableReader& reader) {
  ListenerTlsConfig tls;
  reader.readable_file("cert_file", tls.cert_file, Presence::required);
  reader.readable_file("key_file", tls.key_file, Presence::required);
  std::filesystem::path client_ca_file;
  if (reader.readable_file("client_ca_file", client_ca_file)) {
    tls.client_ca_file = std::move(client_ca_file);
  }
  if (reader.boolean("require_client_cert", tls.require_client_cert) && tls.require_client_cert &&
      !reader.table().contains("client_ca_file")) {
    reader.context().error(*reader.table().get("require_client_cert"), reader.child_path("require_client_cert"),
                           "requiring client certificates needs client_ca_file to check them against");
  }
  reader.choice("min_version", tls.min_version, {{"1.2", TlsVersion::v1_2}, {"1.3", TlsVersion::v1_3}});
  reader.report_unknown_keys();
  return tls;
}

namespace {

SessionConfig read_session(TableReader& reader) {
  SessionConfig session;
  reader.duration("bind_timeout_ms", session.bind_timeout, 1, kMaxTimeoutMs);
  reader.duration("enquire_link_interval_ms", session.enquire_link_interval, 0, kMaxIntervalMs);
  reader.duration("inactivity_timeout_ms", session.inactivity_timeout, 0, kMaxIntervalMs);
  reader.duration("response_timeout_ms", session.response_timeout, 1, kMaxTimeoutMs);
  reader.integer("window", session.window, 1, kMaxWindow);
  reader.integer("max_command_length", session.max_command_length, 64, 1024 * 1024);
  reader.integer("max_password_length", session.max_password_length, 9, 65);
  reader.integer("max_consecutive_errors", session.max_consecutive_errors, 1, 1'000'000);
  reader.report_unknown_keys();
  return session;
}

BindThrottleConfig read_bind_throttle(TableReader& reader) {
  BindThrottleConfig throttle;
  reader.number("attempts_per_second", throttle.attempts_per_second, 0.001, 1'000'000);
  reader.integer("burst", throttle.burst, 1, 1'000'000);
  reader.report_unknown_keys();
  return throttle;
}

FilterConfig read_filter(TableReader& reader) {
  FilterConfig filter;
  reader.string("name", filter.name, Presence::required, 1);
  reader.duration("timeout_ms", filter.timeout, 1, kMaxTimeoutMs);
  reader.choice("failure_mode", filter.failure_mode, {{"closed", FailureMode::closed}, {"open", FailureMode::open}});
  // Status 0 would tell the client "accepted" about a request nobody took.
  reader.integer("failure_status", filter.failure_status, 1, kMaxCommandStatus);
  reader.plugin_table("config", filter.config);
  reader.report_unknown_keys();
  return filter;
}

}  // namespace

ListenerConfig read_listener(TableReader& reader) {
  ListenerConfig listener;
  reader.string("name", listener.name, Presence::required, 1);
  reader.ip_address("address", listener.address, Presence::required);
  reader.integer("port", listener.port, 0, kMaxPort, Presence::required);
  reader.integer("max_connections", listener.max_connections, 1, kMaxCount);
  reader.integer("max_connections_per_ip", listener.max_connections_per_ip, 1, kMaxCount);
  reader.boolean("allow_unauthenticated", listener.allow_unauthenticated);
  reader.duration("warm_timeout_ms", listener.warm_timeout, 0, kMaxTimeoutMs);
  if (std::optional<TableReader> tls = reader.sub_table("tls")) {
    listener.tls = read_listener_tls(*tls);
  }
  if (std::optional<TableReader> session = reader.sub_table("session")) {
    listener.session = read_session(*session);
  }
  if (std::optional<TableReader> throttle = reader.sub_table("bind_throttle")) {
    listener.bind_throttle = read_bind_throttle(*throttle);
  }
  for (TableReader& filter : reader.table_array("filters")) {
    listener.filters.push_back(read_filter(filter));
  }
  reader.report_unknown_keys();
  return listener;
}

}  // namespace smppd::config
