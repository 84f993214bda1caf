#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace smppd::plugins::embedded {

// `[state.embedded]`: where the database lives and how it writes.
struct EmbeddedConfig {
  // Empty: the node's own folder the host hands to open(). Relative: inside that folder.
  std::filesystem::path path;
  bool sync_writes = false;  // fsync each round before answering (see EmbeddedStateStoreOptions)
  size_t queue_capacity = 100000;
};

inline constexpr int64_t kMaxQueueCapacity = 100'000'000;

// Throws smppd::cxx::ConfigError naming the key.
EmbeddedConfig parse_embedded_config(std::string_view json);

// Where the database goes: `path` when absolute, else `path` inside `node_dir` (node_dir itself
// without a path). Throws smppd::cxx::ConfigError when the host gave no node_dir to put it in.
std::filesystem::path database_path(const EmbeddedConfig& config, const std::filesystem::path& node_dir);

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "path": {"type": "string", "minLength": 1,
             "description": "The database folder; relative paths are inside the node's folder, the default"},
    "sync_writes": {"type": "boolean", "default": false,
                    "description": "fsync each commit round before answering: survives power loss"},
    "queue_capacity": {"type": "integer", "minimum": 1, "maximum": 100000000, "default": 100000,
                       "description": "Calls waiting for the store thread before calls answer busy"}
  }
})json";

}  // namespace smppd::plugins::embedded
