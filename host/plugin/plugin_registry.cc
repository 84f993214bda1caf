#include "host/plugin/plugin_registry.h"

#include "host/plugin/plugin_kind.h"

namespace smppd::plugin {

std::string PluginRegistry::factory_conflict(const std::vector<const smppd_factory*>& factories) const {
  for (const smppd_factory* factory : factories) {
    const auto taken = factories_.find(std::pair<int32_t, std::string>(factory->kind, factory->name));
    if (taken != factories_.end()) {
      const LoadedPlugin& owner = *taken->second.plugin;
      return std::string(kind_name(factory->kind)) + " factory '" + factory->name + "' is already offered by plugin " +
             owner.name + " (" + owner.library_path + ")";
    }
  }
  return {};
}

const LoadedPlugin& PluginRegistry::add(LoadedPlugin plugin) {
  const LoadedPlugin& added = plugins_.emplace_back(std::move(plugin));
  for (const smppd_factory* factory : added.factories) {
    factories_.emplace(std::pair<int32_t, std::string>(factory->kind, factory->name), Offer{factory, &added});
  }
  return added;
}

std::optional<FoundFactory> PluginRegistry::find_factory(int32_t kind, std::string_view name) const {
  const auto found = factories_.find(std::pair<int32_t, std::string>(kind, name));
  if (found == factories_.end()) return std::nullopt;
  return FoundFactory{found->second.factory, found->second.plugin->ref, found->second.plugin->name};
}

const LoadedPlugin* PluginRegistry::find_plugin(std::string_view name) const {
  for (const LoadedPlugin& plugin : plugins_) {
    if (plugin.name == name) return &plugin;
  }
  return nullptr;
}

}  // namespace smppd::plugin
