#include "host/config/config_loader.h"

#include <unistd.h>

#include <array>
#include <exception>
#include <map>

#include "host/config/cluster_loader.h"
#include "host/config/file_access.h"
#include "host/config/listener_loader.h"
#include "host/config/load_context.h"
#include "host/config/route_loader.h"
#include "host/config/secret_expansion.h"
#include "host/config/table_reader.h"
#include "host/config/toml_value_text.h"
#include "host/config/unique_names.h"
#include "host/config/value_limits.h"

namespace smppd::config {
namespace {

// A config file is a few kilobytes; anything near this is the wrong file.
constexpr size_t kMaxConfigFileSize = 16 * 1024 * 1024;

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') {
    return "localhost";
  }
  return name.data();
}

NodeConfig read_node(TableReader& reader) {
  NodeConfig node;
  reader.string("id", node.id, Presence::optional, 1);
  reader.report_unknown_keys();
  return node;
}

AdminConfig read_admin(TableReader& reader) {
  AdminConfig admin;
  reader.ip_address("address", admin.address);
  reader.integer("port", admin.port, 0, kMaxPort);
  reader.boolean("enabled", admin.enabled);
  reader.string("token", admin.token, Presence::optional, 16);
  if (std::optional<TableReader> tls = reader.sub_table("tls")) admin.tls = read_listener_tls(*tls);
  reader.report_unknown_keys();
  return admin;
}

PluginsConfig read_plugins(TableReader& reader) {
  PluginsConfig plugins;
  std::vector<std::string> dirs;
  if (reader.string_array("dirs", dirs, 1)) {
    for (const std::string& dir : dirs) {
      plugins.dirs.push_back(reader.context().resolve_path(dir));
    }
  }
  reader.integer("blocking_threads", plugins.blocking_threads, 1, 1024);
  reader.integer("blocking_queue", plugins.blocking_queue, 1, kMaxCount);
  reader.report_unknown_keys();
  return plugins;
}

void read_state(TableReader& reader, StateConfig& state) {
  state.backend_where = reader.context().location_of(reader.table());
  if (const toml::node* backend = reader.find("backend")) state.backend_where = reader.context().location_of(*backend);
  reader.string("backend", state.backend, Presence::optional, 1);
  std::string path;
  if (reader.string("path", path, Presence::optional, 1)) {
    state.path = reader.context().resolve_path(path);
  }
  reader.plugin_table(state.backend, state.backend_config);
  // Another backend's table is a mistake an operator makes when switching backends: say so.
  for (const auto& [key, value] : reader.table()) {
    if (!value.is_table() || key.str() == state.backend || key.str() == "backend" || key.str() == "path") continue;
    reader.find(key.str());
    reader.context().error(reader.context().location_of(key), reader.child_path(key.str()),
                           "a table for backend \"" + std::string(key.str()) + "\", but state.backend is \"" +
                               state.backend + "\" (only [state." + state.backend + "] is read)");
  }
  reader.report_unknown_keys();
}

RouterConfig read_router(TableReader& reader) {
  RouterConfig router;
  reader.integer("no_route_status", router.no_route_status, 1, kMaxCommandStatus);
  reader.integer("mo_no_route_status", router.mo_no_route_status, 1, kMaxCommandStatus);
  reader.report_unknown_keys();
  return router;
}

// Two listeners (or a listener and the admin server) on one address and port cannot both bind.
class PortClaims {
 public:
  void claim(const std::string& address, uint16_t port, const std::string& owner, const toml::node* port_node,
             LoadContext& context) {
    if (port == 0 || address.empty()) {
      return;  // any free port: never a clash
    }
    const auto [first, inserted] = owners_.emplace(address + ":" + std::to_string(port), owner);
    if (!inserted && port_node != nullptr) {
      context.error(*port_node, owner + ".port", first->first + " is already used by " + first->second);
    }
  }

 private:
  std::map<std::string, std::string> owners_;  // "127.0.0.1:2775" -> "listeners[0]"
};

Config read_config(TableReader& reader) {
  LoadContext& context = reader.context();
  Config config;
  if (std::optional<TableReader> node = reader.sub_table("node")) {
    config.node = read_node(*node);
  }
  if (config.node.id.empty()) {
    config.node.id = host_name();
  }
  if (std::optional<TableReader> admin = reader.sub_table("admin")) {
    config.admin = read_admin(*admin);
  }
  if (std::optional<TableReader> plugins = reader.sub_table("plugins")) {
    config.plugins = read_plugins(*plugins);
  }
  if (std::optional<TableReader> access_log = reader.sub_table("access_log")) {
    std::string path;
    if (access_log->string("path", path, Presence::required, 1)) {
      config.access_log.path = path == "-" ? path : context.resolve_path(path).string();
    }
    access_log->string("format", config.access_log.format, Presence::optional, 1);
    access_log->report_unknown_keys();
  }
  if (std::optional<TableReader> reload = reader.sub_table("reload")) {
    reload->boolean("watch", config.reload.watch);
    reload->duration("watch_interval_ms", config.reload.watch_interval, 50, 3600000);
    reload->report_unknown_keys();
  }
  config.state.path = context.resolve_path("state");
  if (std::optional<TableReader> state = reader.sub_table("state")) {
    read_state(*state, config.state);
  } else {
    const toml::table none;  // the defaults, placed at the file
    TableReader no_state(none, "state", context);
    read_state(no_state, config.state);
  }

  PortClaims ports;
  if (config.admin.enabled) {
    ports.claim(config.admin.address, config.admin.port, "admin", nullptr, context);
  }
  UniqueNames listener_names;
  for (TableReader& listener : reader.table_array("listeners")) {
    config.listeners.push_back(read_listener(listener));
    listener_names.add(listener);
    ports.claim(config.listeners.back().address, config.listeners.back().port, listener.key_path(),
                listener.table().get("port"), context);
  }

  UniqueNames cluster_names;
  for (TableReader& cluster : reader.table_array("clusters")) {
    config.clusters.push_back(read_cluster(cluster));
    cluster_names.add(cluster);
  }

  if (std::optional<TableReader> router = reader.sub_table("router")) {
    config.router = read_router(*router);
  }
  UniqueNames route_names;
  for (TableReader& route : reader.table_array("routes")) {
    config.routes.push_back(read_route(route, cluster_names));
    route_names.add(route);
  }
  UniqueNames mo_route_names;
  for (TableReader& mo_route : reader.table_array("mo_routes")) {
    config.mo_routes.push_back(read_mo_route(mo_route, cluster_names));
    mo_route_names.add(mo_route);
  }
  reader.report_unknown_keys();
  return config;
}

LoadResult failure(std::vector<ConfigError> errors) { return LoadResult{std::nullopt, std::move(errors)}; }

LoadResult load(std::string_view text, std::string file_name, const SecretResolver& secrets) {
  LoadContext context(file_name, std::filesystem::path(file_name).parent_path());
  std::shared_ptr<toml::table> document;
  try {
    document = std::make_shared<toml::table>(toml::parse(text, std::string_view(file_name)));
  } catch (const toml::parse_error& error) {
    return failure({ConfigError{location_of(error.source(), file_name), "", std::string(error.description())}});
  }
  expand_secrets(*document, secrets, context);
  context.set_document(document);
  TableReader reader(*document, "", context);
  Config config = read_config(reader);
  if (context.has_errors()) {
    return failure(context.take_errors());
  }
  config.source_file = std::move(file_name);
  config.document = std::move(document);
  config.sensitive_key_paths = context.sensitive_key_paths();
  return LoadResult{std::move(config), {}};
}

}  // namespace

LoadResult load_config_text(std::string_view toml, std::string file_name, const SecretResolver& secrets) {
  try {
    return load(toml, file_name, secrets);
  } catch (const std::exception& error) {
    // Only allocation failures get here; the loader reports everything else as ConfigErrors.
    return failure(
        {ConfigError{SourceLocation{file_name, 0, 0}, "", std::string("cannot load the config: ") + error.what()}});
  }
}

LoadResult load_config_file(const std::filesystem::path& file, const SecretResolver& secrets) {
  FileContent read = read_file_content(file, kMaxConfigFileSize);
  if (!read.error.empty()) {
    return failure(
        {ConfigError{SourceLocation{file.string(), 0, 0}, "", "cannot read the config file: " + read.error}});
  }
  return load_config_text(read.content, file.string(), secrets);
}

}  // namespace smppd::config
