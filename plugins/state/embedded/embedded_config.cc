#include "plugins/state/embedded/embedded_config.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <string>
#include <system_error>

#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::embedded {
namespace {

namespace json = boost::json;
using smppd::cxx::ConfigError;

}  // namespace

EmbeddedConfig parse_embedded_config(std::string_view text) {
  EmbeddedConfig config;
  if (text.empty()) return config;
  const json::value root = cxx::parse_config_table<ConfigError>(text);
  for (const auto& field : root.get_object()) {
    const std::string key(field.key().data(), field.key().size());
    const json::value& value = field.value();
    if (key == "path") {
      if (!value.is_string() || value.get_string().empty()) throw ConfigError("path: must be a non-empty string");
      config.path = std::string(value.get_string().data(), value.get_string().size());
    } else if (key == "sync_writes") {
      if (!value.is_bool()) throw ConfigError("sync_writes: must be true or false");
      config.sync_writes = value.get_bool();
    } else if (key == "queue_capacity") {
      const bool in_range = (value.is_int64() && value.get_int64() >= 1 && value.get_int64() <= kMaxQueueCapacity) ||
                            (value.is_uint64() && value.get_uint64() >= 1 &&
                             value.get_uint64() <= static_cast<uint64_t>(kMaxQueueCapacity));
      if (!in_range) throw ConfigError("queue_capacity: must be an integer from 1 to 100000000");
      config.queue_capacity = value.is_int64() ? static_cast<size_t>(value.get_int64())
                                               : static_cast<size_t>(value.get_uint64());
    } else {
      throw ConfigError(key + ": is not a key here (path, sync_writes, queue_capacity)");
    }
  }
  return config;
}

std::filesystem::path database_path(const EmbeddedConfig& config, const std::filesystem::path& node_dir) {
  if (config.path.is_absolute()) return config.path;
  if (node_dir.empty()) throw ConfigError("path: the host gave no node folder; set an absolute path");
  return config.path.empty() ? node_dir : node_dir / config.path;
}

}  // namespace smppd::plugins::embedded
