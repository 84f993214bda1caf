#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config.h"
#include "host/config/config_error.h"
#include "host/config/secret_resolver.h"

namespace smppd::config {

struct LoadResult {
  std::optional<Config> config;     // set exactly when errors is empty
  std::vector<ConfigError> errors;  // every mistake found, in file order
};

// Reads and checks one smppd TOML config file. Never throws: every problem, from an unreadable
// file to a route naming an unknown cluster, becomes a ConfigError. Plugin tables are only
// rendered here; each plugin's schema is checked once plugins are loaded (check_schema).
LoadResult load_config_file(const std::filesystem::path& file,
                            const SecretResolver& secrets = SecretResolver::process_environment());

// The same for text already in memory; `file_name` names it in errors, and relative paths in
// the config are taken from its folder.
LoadResult load_config_text(std::string_view toml, std::string file_name,
                            const SecretResolver& secrets = SecretResolver::process_environment());

}  // namespace smppd::config
