#include "host/admin/config_dump.h"

#include "host/config/key_path.h"
#include "host/config/toml_json.h"

namespace smppd::admin {

namespace {

constexpr std::string_view kRedacted = "[redacted]";

boost::json::value redacted(const toml::node& node, const std::string& key_path, const config::Config& config) {
  if (!key_path.empty() && config.is_sensitive(key_path)) return boost::json::string(kRedacted);
  if (const toml::table* table = node.as_table()) {
    boost::json::object object;
    for (const auto& [key, value] : *table) {
      object[key.str()] = redacted(value, config::key_path_child(key_path, key.str()), config);
    }
    return object;
  }
  if (const toml::array* array = node.as_array()) {
    boost::json::array list;
    for (size_t i = 0; i < array->size(); ++i) list.push_back(redacted(*array->get(i), config::key_path_index(key_path, i), config));
    return list;
  }
  return config::to_json(node);
}

}  // namespace

boost::json::value redacted_config(const config::Config& config) {
  if (!config.document) return boost::json::object{};
  return redacted(*config.document, "", config);
}

}  // namespace smppd::admin
