#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/plugin/plugin_dir.h"
#include "host/plugin/plugin_registry.h"
#include "smppd/plugin.h"

namespace smppd::plugin {

// Scans plugin dirs (`--plugin-dir`, repeatable) and loads what their manifests name into a
// registry, refusing anything HARDENING.md or ABI.md rules out. Control thread only.
//
// For each "*.toml" in a dir, in name order: read the manifest; check the library it names
// (owner, mode, regular file, sha256) through one descriptor, before anything runs; load those
// bytes; check the descriptor against the host's ABI and the manifest; refuse a factory another
// plugin already offers; run the plugin's init. Files no manifest names are never opened.
class PluginLoader {
 public:
  // `host` is the table every plugin's init receives; plugins may keep it, so it must live as
  // long as the process. `registry` receives the accepted plugins.
  PluginLoader(const smppd_host_api* host, PluginRegistry& registry) : host_(host), registry_(registry) {}

  // Loads every dir in order. A refused dir or plugin does not stop the others: the result is
  // every refusal, in the order met, one line each ("smppd --mode validate" prints them all and
  // exits 1; serve mode refuses to start). Empty when everything loaded.
  std::vector<std::string> load(const std::vector<std::filesystem::path>& plugin_dirs);

 private:
  void load_dir(const std::filesystem::path& path, std::vector<std::string>& errors);
  // The refusal, or "" when the plugin was loaded.
  std::string load_manifest(const PluginDir& dir, const std::string& manifest_name);

  const smppd_host_api* host_;
  PluginRegistry& registry_;
};

}  // namespace smppd::plugin
