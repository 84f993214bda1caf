// check_schema meets two untrusted inputs: the plugin table an operator wrote, and the JSON Schema
// a plugin declares. Each input is tried both ways: as a TOML plugin table against a fixed,
// realistic schema, and as a schema against a fixed plugin table. Besides not crashing, every
// error names its place under the table's key path, errors come in file order, and a value under
// a sensitive key path is never shown.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "host/config/schema_check.h"

namespace {

using smppd::config::ConfigError;
using smppd::config::SourceLocation;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

const SourceLocation kFile{"etc/smppd.toml", 0, 0};
const std::string kKeyPath = "listeners[0].filters[0].config";
// Put into every table under `password`, which is marked sensitive: it must never be shown.
const std::string kSecret = "hunter2-never-shown";
const std::vector<std::string> kSensitive = {kKeyPath + ".password", kKeyPath + ".accounts[0].password"};

// Every keyword check_schema knows, the way plugin authors write them.
constexpr std::string_view kSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "fuzz plugin",
  "type": "object",
  "properties": {
    "password": {"type": "string", "minLength": 40, "maxLength": 64},
    "accounts": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "system_id": {"type": "string", "minLength": 1, "maxLength": 15},
          "password": {"type": "string", "enum": ["a", "b"]},
          "bind_types": {"type": "array", "items": {"enum": ["transmitter", "receiver", "transceiver"]}},
          "max_binds": {"type": "integer", "minimum": 0, "maximum": 4294967295},
          "weight": {"type": ["integer", "number"], "minimum": -1.5, "maximum": 1e6},
          "enabled": {"type": "boolean", "default": true}
        },
        "required": ["system_id"],
        "additionalProperties": false
      }
    },
    "mode": {"enum": [1, 2.5, "three", true]},
    "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 8}},
    "since": {"type": "string", "format": "date-time"},
    "anything": true,
    "nothing": false
  },
  "required": ["accounts"],
  "additionalProperties": false
})json";

// A plugin table with every TOML type, for the schemas.
constexpr std::string_view kTable = R"toml(
password = "placeholder"
accounts = [
  { system_id = "demo", password = "placeholder", bind_types = ["transmitter"], max_binds = 3 },
  { system_id = "x", weight = 0.5, enabled = false },
]
mode = 2.5
labels = { tier = "gold", "dotted.key" = "v" }
since = 2024-01-01T00:00:00Z
day = 2024-01-01
at = 07:30:00
ratio = -0.0
big = 9223372036854775807
nested = { a = { b = { c = [1, [2, [3]]] } } }
)toml";

// Whether a key or a string anywhere in `node` contains `needle`.
bool holds_text(const toml::node& node, std::string_view needle) {
  if (const toml::table* table = node.as_table()) {
    return std::any_of(table->begin(), table->end(), [needle](const auto& entry) {
      return entry.first.str().find(needle) != std::string_view::npos || holds_text(entry.second, needle);
    });
  }
  if (const toml::array* array = node.as_array()) {
    return std::any_of(array->begin(), array->end(),
                       [needle](const toml::node& element) { return holds_text(element, needle); });
  }
  const auto* text = node.as_string();
  return text != nullptr && text->get().find(needle) != std::string::npos;
}

void put_secrets(toml::table& table) {
  table.insert_or_assign("password", kSecret);
  if (toml::array* accounts = table["accounts"].as_array(); accounts != nullptr && !accounts->empty()) {
    if (toml::table* first = accounts->get(0)->as_table()) first->insert_or_assign("password", kSecret);
  }
}

// Checks what holds for any value and schema. `secret_may_show`: the inputs themselves hold the
// secret's text somewhere outside the sensitive values (a key, an enum choice), so it may be named.
void check_errors(const std::vector<ConfigError>& errors, bool secret_may_show) {
  for (const ConfigError& error : errors) {
    check(!error.message.empty());
    check(error.where.file == kFile.file);
    check(error.key_path.starts_with(kKeyPath));
    check(secret_may_show || error.to_string().find(kSecret) == std::string::npos);
  }
  check(std::is_sorted(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  }));
}

std::vector<ConfigError> checked(const toml::node& value, std::string_view schema) {
  try {
    return smppd::config::check_schema(value, schema, kFile, kKeyPath, kSensitive);
  } catch (...) {
    check(false);  // every problem is an error, never an exception
  }
  return {};
}

void table_against_fixed_schema(std::string_view text) {
  toml::table table;
  try {
    table = toml::parse(text, kFile.file);
  } catch (const toml::parse_error&) {
    return;
  }
  // Keys and values may spell the secret themselves (escaped, even), and those are shown.
  const bool input_holds_secret = holds_text(table, kSecret);
  put_secrets(table);
  check_errors(checked(table, kSchema), input_holds_secret);
  // `true` takes anything; `false` refuses anything, in one error at the table.
  check(checked(table, "true").empty());
  check(checked(table, "false").size() == 1);
}

void schema_against_fixed_table(std::string_view schema) {
  static const toml::table fixed = [] {
    toml::table table = toml::parse(kTable, kFile.file);
    put_secrets(table);
    return table;
  }();
  boost::system::error_code parse_error;
  const boost::json::value parsed = boost::json::parse(schema, parse_error);
  // The schema can spell the secret, escaped or not, as an enum choice or a property name.
  const bool schema_holds_secret = !parse_error && boost::json::serialize(parsed).find(kSecret) != std::string::npos;
  const std::vector<ConfigError> errors = checked(fixed, schema);
  check_errors(errors, schema_holds_secret);
  // A schema that is not valid JSON, or is no usable schema, is one error about the schema.
  if (parse_error) {
    check(errors.size() == 1 && errors[0].message.starts_with("the plugin's config schema is not valid JSON"));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  table_against_fixed_schema(text);
  schema_against_fixed_table(text);
  return 0;
}
