#include "host/config/schema_check.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "host/config/closest_name.h"
#include "host/config/key_path.h"
#include "host/config/toml_json.h"
#include "host/config/toml_value_text.h"

namespace smppd::config {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 7> kTypeNames = {"object", "array", "string", "integer",
                                                        "number", "boolean", "null"};
constexpr std::array<std::string_view, 9> kAnnotations = {"title",    "description", "default",
                                                          "examples", "format",      "$schema",
                                                          "$id",      "$comment",    "deprecated"};

// ---- the schema itself ------------------------------------------------------------------------

std::string pointer_child(const std::string& pointer, std::string_view token) {
  std::string escaped;
  for (char c : token) {
    escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  }
  return pointer + "/" + escaped;
}

bool is_number(const json::value& value) { return value.is_int64() || value.is_uint64() || value.is_double(); }

bool is_count(const json::value& value) {
  return value.is_uint64() || (value.is_int64() && value.get_int64() >= 0);
}

uint64_t count_of(const json::value& count) {
  return count.is_uint64() ? count.get_uint64() : static_cast<uint64_t>(count.get_int64());
}

bool is_type_name(const json::value& value) {
  return value.is_string() &&
         std::find(kTypeNames.begin(), kTypeNames.end(), std::string_view(value.get_string())) != kTypeNames.end();
}

// The first thing wrong with a schema, as "<JSON pointer>: <problem>"; nullopt when usable.
std::optional<std::string> schema_problem(const json::value& schema, const std::string& pointer) {
  if (schema.is_bool()) {
    return std::nullopt;
  }
  if (!schema.is_object()) {
    return pointer + ": expected a schema (an object or a boolean)";
  }
  for (const auto& [keyword_name, argument] : schema.get_object()) {
    const std::string_view keyword = keyword_name;
    const std::string at = pointer_child(pointer, keyword);
    std::optional<std::string> problem;
    if (keyword == "type") {
      const bool valid = is_type_name(argument) ||
                         (argument.is_array() && !argument.get_array().empty() &&
                          std::all_of(argument.get_array().begin(), argument.get_array().end(), is_type_name));
      if (!valid) {
        problem = at + ": expected one of object, array, string, integer, number, boolean, or an array of them";
      }
    } else if (keyword == "properties") {
      if (!argument.is_object()) {
        problem = at + ": expected an object of schemas";
      } else {
        for (const auto& [name, property] : argument.get_object()) {
          if ((problem = schema_problem(property, pointer_child(at, name)))) {
            break;
          }
        }
      }
    } else if (keyword == "required") {
      const bool valid = argument.is_array() &&
                         std::all_of(argument.get_array().begin(), argument.get_array().end(),
                                     [](const json::value& name) { return name.is_string(); });
      if (!valid) {
        problem = at + ": expected an array of strings";
      }
    } else if (keyword == "additionalProperties" || keyword == "items") {
      problem = schema_problem(argument, at);
    } else if (keyword == "enum") {
      if (!argument.is_array() || argument.get_array().empty()) {
        problem = at + ": expected a non-empty array";
      }
    } else if (keyword == "minimum" || keyword == "maximum") {
      if (!is_number(argument)) {
        problem = at + ": expected a number";
      }
    } else if (keyword == "minLength" || keyword == "maxLength") {
      if (!is_count(argument)) {
        problem = at + ": expected a non-negative integer";
      }
    } else if (std::find(kAnnotations.begin(), kAnnotations.end(), keyword) == kAnnotations.end()) {
      problem = at + ": unsupported keyword \"" + std::string(keyword) + "\"";
    }
    if (problem) {
      return problem;
    }
  }
  return std::nullopt;
}

// ---- the value against the schema -------------------------------------------------------------

long double as_long_double(const json::value& number) {
  if (number.is_int64()) {
    return static_cast<long double>(number.get_int64());
  }
  if (number.is_uint64()) {
    return static_cast<long double>(number.get_uint64());
  }
  return static_cast<long double>(number.get_double());
}

std::string number_text(const json::value& number) {
  if (number.is_double()) {
    return fmt::format("{}", number.get_double());
  }
  return json::serialize(number);
}

std::string json_text(const json::value& value) {
  if (value.is_string()) {
    return in_quotes(value.get_string());
  }
  return is_number(value) ? number_text(value) : json::serialize(value);
}

bool json_equal(const json::value& a, const json::value& b) {
  if (is_number(a) && is_number(b)) {
    // A schema's 1 may be parsed as int64 or uint64; a float never equals an integer, because
    // the plugin receives 1.0 as a float and would refuse it where it wants an integer.
    return as_long_double(a) == as_long_double(b) && a.is_double() == b.is_double();
  }
  return a == b;
}

bool has_type(const toml::node& value, std::string_view type) {
  if (type == "object") {
    return value.is_table();
  }
  if (type == "array") {
    return value.is_array();
  }
  if (type == "string") {
    // Dates and times reach the plugin as strings.
    return value.is_string() || value.is_date() || value.is_time() || value.is_date_time();
  }
  if (type == "integer") {
    return value.is_integer();
  }
  if (type == "number") {
    return value.is_integer() || value.is_floating_point();
  }
  if (type == "boolean") {
    return value.is_boolean();
  }
  return false;  // "null": TOML has none
}

std::string type_phrase(std::string_view type) {
  if (type == "object") {
    return "a table";
  }
  if (type == "array" || type == "integer") {
    return "an " + std::string(type);
  }
  if (type == "null") {
    return "null";
  }
  return "a " + std::string(type);
}

size_t code_points(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

class SchemaChecker {
 public:
  SchemaChecker(const SourceLocation& file, std::span<const std::string> sensitive_key_paths)
      : file_(file), sensitive_key_paths_(sensitive_key_paths) {}

  void check(const toml::node& value, const json::value& schema, const std::string& key_path) {
    if (schema.is_bool()) {
      if (!schema.get_bool()) {
        report(value.source(), key_path, "the plugin accepts no value here, got " + describe(value, key_path));
      }
      return;
    }
    const json::object& rules = schema.get_object();
    if (!check_type(value, rules, key_path) || !check_enum(value, rules, key_path)) {
      return;  // further rules would only repeat the same mistake
    }
    if (value.is_integer() || value.is_floating_point()) {
      check_bounds(value, rules, key_path);
    } else if (const auto* text = value.as_string()) {
      check_length(text->get(), value, rules, key_path);
    } else if (const toml::table* table = value.as_table()) {
      check_table(*table, rules, key_path);
    } else if (const toml::array* array = value.as_array()) {
      if (const json::value* items = rules.if_contains("items")) {
        for (size_t i = 0; i < array->size(); ++i) {
          check(*array->get(i), *items, key_path_index(key_path, i));
        }
      }
    }
  }

  std::vector<ConfigError> take_errors() {
    sort_by_position(errors_);
    return std::move(errors_);
  }

 private:
  bool check_type(const toml::node& value, const json::object& rules, const std::string& key_path) {
    const json::value* type = rules.if_contains("type");
    if (type == nullptr) {
      return true;
    }
    std::vector<std::string_view> types;
    if (type->is_string()) {
      types.push_back(type->get_string());
    } else {
      for (const json::value& name : type->get_array()) {
        types.push_back(name.get_string());
      }
    }
    if (std::any_of(types.begin(), types.end(), [&value](std::string_view name) { return has_type(value, name); })) {
      return true;
    }
    std::string expected;
    for (size_t i = 0; i < types.size(); ++i) {
      expected.append(i == 0 ? "" : " or ").append(type_phrase(types[i]));
    }
    report(value.source(), key_path, "expected " + expected + ", got " + describe(value, key_path));
    return false;
  }

  bool check_enum(const toml::node& value, const json::object& rules, const std::string& key_path) {
    const json::value* allowed = rules.if_contains("enum");
    if (allowed == nullptr) {
      return true;
    }
    const json::value rendered = to_json(value);
    const json::array& choices = allowed->get_array();
    if (std::any_of(choices.begin(), choices.end(),
                    [&rendered](const json::value& choice) { return json_equal(rendered, choice); })) {
      return true;
    }
    std::string expected;
    for (const json::value& choice : choices) {
      expected.append(expected.empty() ? "" : ", ").append(json_text(choice));
    }
    report(value.source(), key_path, "expected one of " + expected + ", got " + describe(value, key_path));
    return false;
  }

  void check_bounds(const toml::node& value, const json::object& rules, const std::string& key_path) {
    const long double number = value.is_integer() ? static_cast<long double>(value.as_integer()->get())
                                                  : static_cast<long double>(value.as_floating_point()->get());
    const json::value* minimum = rules.if_contains("minimum");
    if (minimum != nullptr && !(number >= as_long_double(*minimum))) {
      report(value.source(), key_path, "expected at least " + number_text(*minimum) + ", got " + describe(value, key_path));
    }
    const json::value* maximum = rules.if_contains("maximum");
    if (maximum != nullptr && !(number <= as_long_double(*maximum))) {
      report(value.source(), key_path, "expected at most " + number_text(*maximum) + ", got " + describe(value, key_path));
    }
  }

  // Lengths count characters (code points) as JSON Schema does. The text itself is not repeated:
  // a length rule is typically on a secret.
  void check_length(const std::string& text, const toml::node& value, const json::object& rules,
                    const std::string& key_path) {
    const size_t length = code_points(text);
    const json::value* min_length = rules.if_contains("minLength");
    if (min_length != nullptr && length < count_of(*min_length)) {
      report(value.source(), key_path,
             fmt::format("expected at least {} characters, got {}", count_of(*min_length), length));
    }
    const json::value* max_length = rules.if_contains("maxLength");
    if (max_length != nullptr && length > count_of(*max_length)) {
      report(value.source(), key_path,
             fmt::format("expected at most {} characters, got {}", count_of(*max_length), length));
    }
  }

  void check_table(const toml::table& table, const json::object& rules, const std::string& key_path) {
    const json::value* properties = rules.if_contains("properties");
    const json::value* additional = rules.if_contains("additionalProperties");
    for (const auto& [key, value] : table) {
      const std::string child = key_path_child(key_path, key.str());
      if (properties != nullptr) {
        if (const json::value* property = properties->get_object().if_contains(key.str())) {
          check(value, *property, child);
          continue;
        }
      }
      if (additional == nullptr) {
        continue;
      }
      if (additional->is_object()) {
        check(value, *additional, child);
      } else if (!additional->get_bool()) {
        report_unknown_key(key, properties, child);
      }
    }
    if (const json::value* required = rules.if_contains("required")) {
      for (const json::value& name : required->get_array()) {
        if (!table.contains(std::string_view(name.get_string()))) {
          report(table.source(), key_path_child(key_path, name.get_string()), "required key is missing");
        }
      }
    }
  }

  void report_unknown_key(const toml::key& key, const json::value* properties, const std::string& key_path) {
    std::vector<std::string_view> names;
    if (properties != nullptr) {
      for (const auto& [name, property] : properties->get_object()) {
        names.push_back(name);
      }
    }
    std::string message = "unknown key";
    if (const std::optional<std::string_view> meant = closest_name(key.str(), names)) {
      message += "; did you mean " + in_quotes(*meant) + "?";
    } else if (!names.empty()) {
      message += "; expected one of: ";
      for (size_t i = 0; i < names.size(); ++i) {
        message.append(i == 0 ? "" : ", ").append(names[i]);
      }
    } else {
      message += "; this plugin takes no settings";
    }
    report(key.source(), key_path, std::move(message));
  }

  std::string describe(const toml::node& value, const std::string& key_path) const {
    return describe_toml_value(value, key_path, sensitive_key_paths_);
  }

  void report(const toml::source_region& region, const std::string& key_path, std::string message) {
    SourceLocation where = region.begin.line != 0 ? location_of(region, file_.file) : file_;
    errors_.push_back(ConfigError{std::move(where), key_path, std::move(message)});
  }

  const SourceLocation& file_;
  std::span<const std::string> sensitive_key_paths_;
  std::vector<ConfigError> errors_;
};

}  // namespace

std::vector<ConfigError> check_schema(const toml::node& value, std::string_view schema_json,
                                      const SourceLocation& file, std::string key_path,
                                      std::span<const std::string> sensitive_key_paths) {
  boost::system::error_code parse_error;
  const json::value schema = json::parse(schema_json, parse_error);
  if (parse_error) {
    return {ConfigError{file, std::move(key_path),
                        "the plugin's config schema is not valid JSON: " + parse_error.message()}};
  }
  if (std::optional<std::string> problem = schema_problem(schema, "#")) {
    return {ConfigError{file, std::move(key_path), "the plugin's config schema is malformed at " + *problem}};
  }
  SchemaChecker checker(file, sensitive_key_paths);
  checker.check(value, schema, key_path);
  return checker.take_errors();
}

}  // namespace smppd::config
