#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/codec/command_status.h"
#include "host/config/cluster_config.h"
#include "host/config/listener_config.h"
#include "host/config/plugin_config.h"
#include "host/config/route_config.h"
#include "host/config/source_location.h"

namespace smppd::config {

// `[node]`: who this process is among several.
struct NodeConfig {
  std::string id;  // the host name when left out
};

// `[admin]`: the admin HTTP server (/stats, /clusters, /config_dump, /ready).
struct AdminConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 9901;
  bool enabled = true;
  std::string token;  // when set, every request needs "Authorization: Bearer <token>"
  std::optional<ListenerTlsConfig> tls;
};

// `[plugins]`
struct PluginsConfig {
  std::vector<std::filesystem::path> dirs;  // searched beside --plugin-dir
  uint32_t blocking_threads = 2;  // the pool plugins hand blocking work to
  uint32_t blocking_queue = 1024;
};

// `[state]`: where message id mappings, the receipt outbox and counters are kept. The backend is
// a state store plugin (SMPPD_KIND_STATE_STORE) named by `backend`; its own table
// `[state.<backend>]` is its config, checked against the factory's schema once plugins are loaded.
struct StateConfig {
  std::string backend = "embedded";
  SourceLocation backend_where;  // the `backend` key, or the `[state]` table (or file) when left out
  std::filesystem::path path;    // the node's own folder: the folder "state" beside the config file when left out
  PluginConfig backend_config;   // `[state.<backend>]`: key path "state.<backend>"
};

// `[router]`
struct RouterConfig {
  uint32_t no_route_status = codec::status::kInvDstAdr;
  // The deliver_sm_resp status for an MO no mo_route takes: permanent (ESME_RX_P_APPN), so the
  // SMSC does not retry a number nobody owns.
  uint32_t mo_no_route_status = codec::status::kXPAppn;
};

// `[access_log]`: one line per message (docs/operations.md). Off while path is empty.
struct AccessLogConfig {
  std::string path;    // a file (reopened by SIGUSR1), or "-" for the log
  std::string format;  // "json", or text with %field% placeholders; empty: the default text line
};

// `[reload]`: besides SIGHUP and POST /reload, a change of the config file can trigger a reload.
struct ReloadConfig {
  bool watch = false;  // poll the file (and what a symlink to it points at) for changes
  std::chrono::milliseconds watch_interval{1000};
};

// One smppd config file, loaded and checked. Paths are resolved against the file's folder and
// secrets are expanded.
struct Config {
  NodeConfig node;
  AdminConfig admin;
  PluginsConfig plugins;
  StateConfig state;
  std::vector<ListenerConfig> listeners;
  std::vector<ClusterConfig> clusters;
  ReloadConfig reload;
  AccessLogConfig access_log;
  RouterConfig router;
  std::vector<RouteConfig> routes;  // in match order
  std::vector<MoRouteConfig> mo_routes;  // in match order

  std::string source_file;
  // The parsed document with secrets expanded: redact sensitive_key_paths before showing it.
  std::shared_ptr<const toml::table> document;
  // Sorted key paths ("clusters[0].endpoints[0].password") whose values came from a secret
  // reference or are credentials by name; /config_dump redacts them and everything below them.
  std::vector<std::string> sensitive_key_paths;

  bool is_sensitive(std::string_view key_path) const;
};

}  // namespace smppd::config
