#include "host/plugin/plugin_config_object.h"

#include <array>

#include "host/api/host_api.h"
#include "host/config/schema_check.h"

namespace smppd::plugin {

bool check_config_schema(const FoundFactory& found, const config::PluginConfig& table, const config::Config& config,
                         std::vector<std::string>& errors) {
  if (found.factory->config_schema == nullptr || !table.table) return true;
  const auto schema_errors = config::check_schema(*table.table, found.factory->config_schema, table.where,
                                                  table.key_path, config.sensitive_key_paths);
  for (const auto& error : schema_errors) errors.push_back(error.to_string());
  return schema_errors.empty();
}

std::optional<void*> make_config_object(const FoundFactory& found, ConfigNewFn config_new,
                                        const config::PluginConfig& table, const config::Config& config,
                                        std::string_view what, std::vector<std::string>& errors) {
  const std::string where = table.where.file + ":" + std::to_string(table.where.line) + ": " + table.key_path;
  if (config_new == nullptr) {
    errors.push_back(where + ": " + std::string(what) + " of plugin " + std::string(found.plugin_name) +
                     " has no config_new");
    return std::nullopt;
  }
  if (!check_config_schema(found, table, config, errors)) return std::nullopt;
  std::array<char, 1024> message{};
  smppd_error_buffer error_buffer{sizeof(smppd_error_buffer), static_cast<uint32_t>(message.size()), message.data()};
  void* object = nullptr;
  const int32_t result = config_new(api::host_table(), found.plugin_ref,
                                    smppd_host_view{table.json.data(), table.json.size()}, &object, &error_buffer);
  if (result != SMPPD_OK) {
    errors.push_back(where + ": " + std::string(what) + " refused its config: " +
                     (message[0] != '\0' ? std::string(message.data()) : "error " + std::to_string(result)));
    return std::nullopt;
  }
  return object;
}

}  // namespace smppd::plugin
