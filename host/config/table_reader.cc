#include "host/config/table_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "host/config/address_syntax.h"
#include "host/config/closest_name.h"
#include "host/config/file_access.h"
#include "host/config/key_path.h"
#include "host/config/toml_json.h"
#include "host/config/toml_value_text.h"

namespace smppd::config {
namespace {

std::string join_quoted(const std::vector<std::string_view>& names) {
  std::string text;
  for (std::string_view name : names) {
    text += (text.empty() ? "" : ", ") + in_quotes(name);
  }
  return text;
}

std::string describe_length(size_t min_length, size_t max_length) {
  if (max_length != TableReader::kNoMaxLength) {
    return fmt::format("a string of {} to {} characters", min_length, max_length);
  }
  if (min_length == 0) {
    return "a string";
  }
  if (min_length == 1) {
    return "a non-empty string";
  }
  return fmt::format("a string of at least {} characters", min_length);
}

// The header an operator writes for an array of tables: "listeners[0].filters" -> "[[listeners.filters]]".
std::string array_of_tables_header(std::string_view key_path) {
  std::string header = "[[";
  bool in_index = false;
  for (char c : key_path) {
    if (c == '[') {
      in_index = true;
    } else if (c == ']') {
      in_index = false;
    } else if (!in_index) {
      header += c;
    }
  }
  return header + "]]";
}

// Plugins receive JSON, which has no NaN or infinity.
void report_non_json_numbers(const toml::node& node, const std::string& key_path, LoadContext& context) {
  if (const toml::table* table = node.as_table()) {
    for (const auto& [key, value] : *table) {
      report_non_json_numbers(value, key_path_child(key_path, key.str()), context);
    }
  } else if (const toml::array* array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i) {
      report_non_json_numbers(*array->get(i), key_path_index(key_path, i), context);
    }
  } else if (const auto* number = node.as_floating_point(); number != nullptr && !std::isfinite(number->get())) {
    context.error(node, key_path, "expected a finite number (plugins receive JSON, which has no nan or inf), got " +
                                      describe_toml_value(node));
  }
}

}  // namespace

TableReader::TableReader(const toml::table& table, std::string key_path, LoadContext& context)
    : table_(table), key_path_(std::move(key_path)), context_(context) {}

std::string TableReader::child_path(std::string_view key) const { return key_path_child(key_path_, key); }

const toml::node* TableReader::find(std::string_view key, Presence presence) {
  known_keys_.push_back(key);
  const toml::node* node = table_.get(key);
  if (node == nullptr && presence == Presence::required) {
    context_.error(table_, child_path(key), "required key is missing");
  }
  return node;
}

void TableReader::expected(const toml::node& got, std::string_view key, const std::string& what) {
  const std::string path = child_path(key);
  context_.error(got, path, "expected " + what + ", got " + context_.describe(got, path));
}

bool TableReader::string(std::string_view key, std::string& out, Presence presence, size_t min_length,
                         size_t max_length) {
  const toml::node* node = find(key, presence);
  if (node == nullptr) {
    return false;
  }
  const auto* text = node->as_string();
  if (text == nullptr || text->get().size() < min_length || text->get().size() > max_length) {
    expected(*node, key, describe_length(min_length, max_length));
    return false;
  }
  out = text->get();
  return true;
}

bool TableReader::boolean(std::string_view key, bool& out) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return false;
  }
  if (!node->is_boolean()) {
    expected(*node, key, "a boolean (true or false)");
    return false;
  }
  out = node->as_boolean()->get();
  return true;
}

bool TableReader::number(std::string_view key, double& out, double min, double max) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return false;
  }
  std::optional<double> value;
  if (const auto* integer = node->as_integer()) {
    value = static_cast<double>(integer->get());
  } else if (const auto* floating = node->as_floating_point()) {
    value = floating->get();
  }
  // NaN fails both comparisons, so it is refused with the out-of-range values.
  if (!value || !(*value >= min && *value <= max)) {
    expected(*node, key, fmt::format("a number from {} to {}", min, max));
    return false;
  }
  out = *value;
  return true;
}

std::optional<int64_t> TableReader::integer_in_range(std::string_view key, int64_t min, int64_t max,
                                                     Presence presence) {
  const toml::node* node = find(key, presence);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* integer = node->as_integer();
  if (integer == nullptr || integer->get() < min || integer->get() > max) {
    expected(*node, key, fmt::format("an integer from {} to {}", min, max));
    return std::nullopt;
  }
  return integer->get();
}

bool TableReader::duration(std::string_view key, std::chrono::milliseconds& out, int64_t min_ms, int64_t max_ms) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return false;
  }
  const auto* integer = node->as_integer();
  if (integer == nullptr || integer->get() < min_ms || integer->get() > max_ms) {
    expected(*node, key, fmt::format("a duration in milliseconds from {} to {}", min_ms, max_ms));
    return false;
  }
  out = std::chrono::milliseconds(integer->get());
  return true;
}

std::optional<size_t> TableReader::choice_index(std::string_view key, const std::vector<std::string_view>& names) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (const auto* text = node->as_string()) {
    const auto chosen = std::find(names.begin(), names.end(), text->get());
    if (chosen != names.end()) {
      return static_cast<size_t>(chosen - names.begin());
    }
  }
  expected(*node, key, "one of " + join_quoted(names));
  return std::nullopt;
}

bool TableReader::readable_file(std::string_view key, std::filesystem::path& out, Presence presence) {
  std::string written;
  if (!string(key, written, presence, 1)) {
    return false;
  }
  std::filesystem::path resolved = context_.resolve_path(written);
  if (const std::optional<std::string> reason = unreadable_reason(resolved)) {
    context_.error(*table_.get(key), child_path(key),
                   "cannot read file " + in_quotes(resolved.string()) + ": " + *reason);
    return false;
  }
  out = std::move(resolved);
  return true;
}

bool TableReader::ip_address(std::string_view key, std::string& out, Presence presence) {
  std::string written;
  if (!string(key, written, presence)) {
    return false;
  }
  if (!is_ip_address(written)) {
    expected(*table_.get(key), key, "an IP address");
    return false;
  }
  out = std::move(written);
  return true;
}

bool TableReader::host_address(std::string_view key, std::string& out, Presence presence) {
  std::string written;
  if (!string(key, written, presence)) {
    return false;
  }
  if (!is_ip_address(written) && !is_host_name(written)) {
    expected(*table_.get(key), key, "an IP address or a host name");
    return false;
  }
  out = std::move(written);
  return true;
}

bool TableReader::string_array(std::string_view key, std::vector<std::string>& out, size_t min_length) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return false;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    expected(*node, key, "an array of strings");
    return false;
  }
  const std::string path = child_path(key);
  bool valid = true;
  std::vector<std::string> values;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const auto* text = element.as_string();
    if (text == nullptr || text->get().size() < min_length) {
      const std::string element_path = key_path_index(path, i);
      context_.error(element, element_path,
                     "expected " + describe_length(min_length, kNoMaxLength) + ", got " +
                         context_.describe(element, element_path));
      valid = false;
      continue;
    }
    values.push_back(text->get());
  }
  if (valid) {
    out = std::move(values);
  }
  return valid;
}

bool TableReader::string_map(std::string_view key, std::map<std::string, std::string>& out) {
  const toml::table* map = find_table(key);
  if (map == nullptr) {
    return false;
  }
  const std::string path = child_path(key);
  bool valid = true;
  for (const auto& [name, value] : *map) {
    if (const auto* text = value.as_string()) {
      out[std::string(name.str())] = text->get();
      continue;
    }
    const std::string value_path = key_path_child(path, name.str());
    context_.error(value, value_path, "expected a string, got " + context_.describe(value, value_path));
    valid = false;
  }
  return valid;
}

const toml::table* TableReader::find_table(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return nullptr;
  }
  if (!node->is_table()) {
    expected(*node, key, "a table");
    return nullptr;
  }
  return node->as_table();
}

std::optional<TableReader> TableReader::sub_table(std::string_view key) {
  const toml::table* sub = find_table(key);
  if (sub == nullptr) {
    return std::nullopt;
  }
  return TableReader(*sub, child_path(key), context_);
}

std::vector<TableReader> TableReader::table_array(std::string_view key) {
  std::vector<TableReader> elements;
  const toml::node* node = find(key);
  if (node == nullptr) {
    return elements;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    expected(*node, key, "an array of tables (" + array_of_tables_header(child_path(key)) + ")");
    return elements;
  }
  const std::string path = child_path(key);
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    std::string element_path = key_path_index(path, i);
    if (!element.is_table()) {
      context_.error(element, element_path, "expected a table, got " + context_.describe(element, element_path));
      continue;
    }
    elements.emplace_back(*element.as_table(), std::move(element_path), context_);
  }
  return elements;
}

void TableReader::plugin_table(std::string_view key, PluginConfig& out) {
  out.key_path = child_path(key);
  out.where = context_.location_of(table_);
  out.table = std::make_shared<const toml::table>();
  out.json = "{}";
  const toml::table* plugin_table = find_table(key);
  if (plugin_table == nullptr) {
    return;
  }
  report_non_json_numbers(*plugin_table, out.key_path, context_);
  out.where = context_.location_of(*plugin_table);
  // Shares the document's ownership: a copy would lose the nodes' source positions.
  out.table = std::shared_ptr<const toml::table>(context_.document(), plugin_table);
  out.json = to_json_text(*plugin_table);
}

void TableReader::report_unknown_keys() {
  for (const auto& [key, value] : table_) {
    if (std::find(known_keys_.begin(), known_keys_.end(), key.str()) != known_keys_.end()) {
      continue;
    }
    std::string message = "unknown key";
    if (const std::optional<std::string_view> meant = closest_name(key.str(), known_keys_)) {
      message += "; did you mean " + in_quotes(*meant) + "?";
    } else {
      std::vector<std::string_view> names = known_keys_;
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      message += "; expected one of: ";
      for (size_t i = 0; i < names.size(); ++i) {
        message.append(i == 0 ? "" : ", ").append(names[i]);
      }
    }
    context_.error(context_.location_of(key), child_path(key.str()), std::move(message));
  }
}

}  // namespace smppd::config
