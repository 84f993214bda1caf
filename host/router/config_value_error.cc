#include "host/router/config_value_error.h"

#include "host/config/config_error.h"
#include "host/config/key_path.h"
#include "host/config/toml_value_text.h"

namespace smppd::router {

std::string config_value_error(const config::Config& config, std::initializer_list<KeyStep> path,
                               std::string message) {
  std::string key_path;
  const toml::node* node = config.document.get();
  for (const KeyStep& step : path) {
    if (const auto* key = std::get_if<std::string_view>(&step)) {
      key_path = config::key_path_child(key_path, *key);
      const toml::table* table = node != nullptr ? node->as_table() : nullptr;
      node = table != nullptr ? table->get(*key) : nullptr;
    } else {
      const size_t index = std::get<size_t>(step);
      key_path = config::key_path_index(key_path, index);
      const toml::array* array = node != nullptr ? node->as_array() : nullptr;
      node = array != nullptr ? array->get(index) : nullptr;
    }
  }
  config::SourceLocation where{config.source_file, 0, 0};
  if (node != nullptr) {
    where = config::location_of(node->source(), config.source_file);
  }
  return config::ConfigError{std::move(where), std::move(key_path), std::move(message)}.to_string();
}

}  // namespace smppd::router
