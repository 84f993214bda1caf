#include "tests/plugins/schema_lint.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>

namespace smppd::testing {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 10> kKeywords = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "maximum", "minLength",
    "maxLength"};
constexpr std::array<std::string_view, 9> kAnnotations = {"title", "description", "default", "examples", "format",
                                                          "$schema", "$id", "$comment", "deprecated"};

template <size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void walk(const json::value& schema, const std::string& pointer, std::vector<std::string>& problems) {
  if (schema.is_bool()) return;
  if (!schema.is_object()) {
    problems.push_back(pointer + ": not a schema");
    return;
  }
  for (const auto& [key, argument] : schema.get_object()) {
    const std::string_view keyword(key.data(), key.size());
    const std::string at = pointer + "/" + std::string(keyword);
    if (!contains(kKeywords, keyword) && !contains(kAnnotations, keyword)) {
      problems.push_back(at + ": unsupported keyword");
    } else if (keyword == "properties") {
      if (!argument.is_object()) {
        problems.push_back(at + ": not an object");
        continue;
      }
      for (const auto& [name, property] : argument.get_object()) {
        walk(property, at + "/" + std::string(name.data(), name.size()), problems);
      }
    } else if (keyword == "items" || keyword == "additionalProperties") {
      walk(argument, at, problems);
    }
  }
}

}  // namespace

std::vector<std::string> schema_problems(std::string_view schema) {
  boost::system::error_code error;
  const json::value document = json::parse(schema, error);
  if (error) return {"not JSON: " + error.message()};
  std::vector<std::string> problems;
  walk(document, "", problems);
  return problems;
}

}  // namespace smppd::testing
