#include "host/state/state_store_factory.h"

#include "host/config/config_error.h"
#include "host/plugin/plugin_config_object.h"
#include "host/state/plugin_state_store.h"

namespace smppd::state {
namespace {

// "embedded, redis", or "none" when no plugin offers a state store.
std::string known_backends(const plugin::PluginRegistry& plugins) {
  std::string names;
  for (const plugin::LoadedPlugin& loaded : plugins.plugins()) {
    for (const smppd_factory* factory : loaded.factories) {
      if (factory->kind == SMPPD_KIND_STATE_STORE) names += (names.empty() ? "" : ", ") + std::string(factory->name);
    }
  }
  return names.empty() ? "none" : names;
}

// The factory `[state] backend` names, once its table passed the schema; nullopt with the reasons.
std::optional<plugin::FoundFactory> find_backend(const config::Config& config, const plugin::PluginRegistry& plugins,
                                                 std::vector<std::string>& errors) {
  const config::StateConfig& state = config.state;
  const std::optional<plugin::FoundFactory> found = plugins.find_factory(SMPPD_KIND_STATE_STORE, state.backend);
  if (!found) {
    errors.push_back(config::ConfigError{state.backend_where, "state.backend",
                                         "no loaded plugin offers a state store named '" + state.backend +
                                             "' (known: " + known_backends(plugins) +
                                             "; check --plugin-dir and the plugin's manifest)"}
                         .to_string());
    return std::nullopt;
  }
  if (!plugin::check_config_schema(*found, state.backend_config, config, errors)) return std::nullopt;
  return found;
}

}  // namespace

bool check_state_store(const config::Config& config, const plugin::PluginRegistry& plugins,
                       std::vector<std::string>& errors) {
  return find_backend(config, plugins, errors).has_value();
}

OpenedStateStore open_state_store(const config::Config& config, const plugin::PluginRegistry& plugins) {
  std::vector<std::string> errors;
  const std::optional<plugin::FoundFactory> found = find_backend(config, plugins, errors);
  if (!found) {
    std::string error;
    for (const std::string& line : errors) error += (error.empty() ? "" : "\n") + line;
    return OpenedStateStore{nullptr, std::move(error)};
  }
  PluginStateStore::Backend backend{config.state.backend,
                                    static_cast<const smppd_state_store_vtable*>(found->factory->vtable),
                                    found->plugin_ref};
  PluginStateStore::Opened opened =
      PluginStateStore::open(std::move(backend), config.state.backend_config.json, config.state.path);
  if (!opened.store) return OpenedStateStore{nullptr, config.source_file + ": state: " + opened.error};
  return OpenedStateStore{std::move(opened.store), {}};
}

}  // namespace smppd::state
