#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/plugin/abi_version.h"
#include "smppd/plugin.h"

namespace smppd::plugin {

// A plugin the host accepted and initialised: what the admin API shows, and what factory lookups
// point into. The library stays loaded for the rest of the process, so the pointers stay valid.
struct LoadedPlugin {
  std::string name;
  std::string version;
  std::string description;
  AbiVersion abi;                  // the ABI the library was built for (its descriptor)
  uint32_t min_host_minor = 0;
  std::vector<int32_t> kinds;      // SMPPD_KIND_*, ascending
  std::string library_path;
  std::string manifest_path;
  std::string sha256;              // of the library's bytes, as checked before loading
  const smppd_plugin_descriptor* descriptor = nullptr;
  const smppd_plugin_ref* ref = nullptr;
  std::vector<const smppd_factory*> factories;
};

// A factory and the plugin that offers it: config hooks need the plugin's ref.
struct FoundFactory {
  const smppd_factory* factory = nullptr;
  const smppd_plugin_ref* plugin_ref = nullptr;
  std::string_view plugin_name;  // owned by the registry
};

// The plugins smppd loaded, and the index of their factories by (kind, name). Filled on the
// control thread while loading; read-only afterwards, so workers may read it without a lock.
class PluginRegistry {
 public:
  PluginRegistry() = default;
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Why a plugin offering `factories` cannot join: one of them is already offered by a loaded
  // plugin. Empty when it can.
  std::string factory_conflict(const std::vector<const smppd_factory*>& factories) const;

  // Adds an accepted plugin. Its name and factories must be free (find_plugin, factory_conflict).
  const LoadedPlugin& add(LoadedPlugin plugin);

  std::optional<FoundFactory> find_factory(int32_t kind, std::string_view name) const;
  const LoadedPlugin* find_plugin(std::string_view name) const;

  // In loading order.
  const std::deque<LoadedPlugin>& plugins() const { return plugins_; }

 private:
  struct Offer {
    const smppd_factory* factory;
    const LoadedPlugin* plugin;
  };

  std::deque<LoadedPlugin> plugins_;  // a deque: adding never moves the plugins Offer points at
  std::map<std::pair<int32_t, std::string>, Offer> factories_;
};

}  // namespace smppd::plugin
