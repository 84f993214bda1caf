#include "host/config/schema_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/host/config/error_texts.h"

namespace smppd::config {
namespace {

using testing::error_texts;

// A plugin table (as the operator wrote it), the plugin's schema, and what the operator reads.
struct SchemaCase {
  std::string name;
  std::string toml;
  std::string schema;
  std::vector<std::string> errors;
};

std::ostream& operator<<(std::ostream& out, const SchemaCase& schema_case) { return out << schema_case.name; }

const std::vector<SchemaCase>& schema_cases() {
  static const std::vector<SchemaCase> cases = {
      {"valid_table_has_no_errors",
       "port = 2775\nhost = \"127.0.0.1\"\nratio = 0.5\ntags = [\"a\"]\nverbose = true\n",
       R"({"type": "object", "additionalProperties": false, "required": ["port"],
           "properties": {"port": {"type": "integer", "minimum": 1, "maximum": 65535},
                          "host": {"type": "string", "minLength": 1}, "ratio": {"type": "number"},
                          "tags": {"type": "array", "items": {"type": "string"}}, "verbose": {"type": "boolean"}}})",
       {}},
      {"wrong_type",
       "port = \"x\"\n",
       R"({"properties": {"port": {"type": "integer"}}})",
       {R"(plugin.toml:1:8: config.port: expected an integer, got "x")"}},
      {"integer_is_a_number_but_a_float_is_no_integer",
       "a = 1\nb = 1.0\n",
       R"({"properties": {"a": {"type": "number"}, "b": {"type": "integer"}}})",
       {"plugin.toml:2:5: config.b: expected an integer, got 1.0"}},
      {"one_of_several_types",
       "a = true\n",
       R"({"properties": {"a": {"type": ["string", "integer"]}}})",
       {"plugin.toml:1:5: config.a: expected a string or an integer, got true"}},
      {"table_where_an_array_belongs",
       "list = { a = 1 }\n",
       R"({"properties": {"list": {"type": "array"}}})",
       {"plugin.toml:1:8: config.list: expected an array, got a table"}},
      {"root_type_is_checked_too",
       "",
       R"({"type": "array"})",
       {"plugin.toml:1:1: config: expected an array, got a table"}},
      {"dates_are_strings",
       "since = 2024-01-01\n",
       R"({"properties": {"since": {"type": "string", "maxLength": 10}}})",
       {}},
      {"required_key_missing",
       "[limits]\nrate = 1\n",
       R"({"properties": {"limits": {"type": "object", "required": ["rate", "burst"]}}, "required": ["mode"]})",
       {"plugin.toml:1:1: config.limits.burst: required key is missing",
        "plugin.toml:1:1: config.mode: required key is missing"}},
      {"unknown_key_with_a_suggestion",
       "per_secnd = 5\n",
       R"({"additionalProperties": false, "properties": {"per_second": {}, "burst": {}}})",
       {R"(plugin.toml:1:1: config.per_secnd: unknown key; did you mean "per_second"?)"}},
      {"unknown_key_lists_the_known_ones",
       "colour = 5\n",
       R"({"additionalProperties": false, "properties": {"per_second": {}, "burst": {}}})",
       {"plugin.toml:1:1: config.colour: unknown key; expected one of: per_second, burst"}},
      {"unknown_key_where_nothing_is_taken",
       "x = 1\n",
       R"({"type": "object", "additionalProperties": false})",
       {"plugin.toml:1:1: config.x: unknown key; this plugin takes no settings"}},
      {"additional_properties_are_allowed_by_default",
       "x = 1\n",
       R"({"properties": {"y": {"type": "string"}}})",
       {}},
      {"additional_properties_schema",
       "[rates]\ngold = 10\nsilver = \"fast\"\n",
       R"({"properties": {"rates": {"additionalProperties": {"type": "integer"}}}})",
       {R"(plugin.toml:3:10: config.rates.silver: expected an integer, got "fast")"}},
      {"items_of_an_array",
       "ports = [1, \"two\", 3, 70000]\n",
       R"({"properties": {"ports": {"items": {"type": "integer", "maximum": 65535}}}})",
       {R"(plugin.toml:1:13: config.ports[1]: expected an integer, got "two")",
        "plugin.toml:1:23: config.ports[3]: expected at most 65535, got 70000"}},
      {"array_of_tables",
       "[[accounts]]\nsystem_id = \"a\"\n[[accounts]]\nsystem_id = 5\n",
       R"({"properties": {"accounts": {"type": "array", "items": {"type": "object", "required": ["system_id"],
           "properties": {"system_id": {"type": "string"}}}}}})",
       {"plugin.toml:4:13: config.accounts[1].system_id: expected a string, got 5"}},
      {"enum_of_strings",
       "mode = \"sloppy\"\n",
       R"({"properties": {"mode": {"enum": ["strict", "lenient"]}}})",
       {R"(plugin.toml:1:8: config.mode: expected one of "strict", "lenient", got "sloppy")"}},
      {"enum_of_numbers",
       "a = 2\nb = 8\nc = 1.0\n",
       R"({"properties": {"a": {"enum": [1, 2]}, "b": {"enum": [1, 2, 4]}, "c": {"enum": [1, 2.5]}}})",
       {"plugin.toml:2:5: config.b: expected one of 1, 2, 4, got 8",
        "plugin.toml:3:5: config.c: expected one of 1, 2.5, got 1.0"}},
      {"minimum_and_maximum",
       "low = 0\nhigh = 11\nfraction = 0.05\nok = 5\n",
       R"({"properties": {"low": {"minimum": 1}, "high": {"maximum": 10}, "fraction": {"minimum": 0.1},
                          "ok": {"minimum": 5, "maximum": 5}}})",
       {"plugin.toml:1:7: config.low: expected at least 1, got 0",
        "plugin.toml:2:8: config.high: expected at most 10, got 11",
        "plugin.toml:3:12: config.fraction: expected at least 0.1, got 0.05"}},
      {"lengths_count_characters_and_hide_the_text",
       "short = \"ab\"\nlong = \"abcdef\"\naccented = \"h\u00e9llo\"\n",
       R"({"properties": {"short": {"minLength": 3}, "long": {"maxLength": 5}, "accented": {"maxLength": 5}}})",
       {"plugin.toml:1:9: config.short: expected at least 3 characters, got 2",
        "plugin.toml:2:8: config.long: expected at most 5 characters, got 6"}},
      {"false_schema_refuses_everything",
       "legacy = 1\n",
       R"({"properties": {"legacy": false}})",
       {"plugin.toml:1:10: config.legacy: the plugin accepts no value here, got 1"}},
      {"annotations_are_ignored",
       "a = 1\n",
       R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", "description": "d",
           "properties": {"a": {"type": "integer", "default": 3, "examples": [1], "format": "port"}}})",
       {}},
      {"quoted_keys_in_paths",
       "\"a.b\" = 1\n",
       R"({"properties": {"a.b": {"type": "string"}}})",
       {R"(plugin.toml:1:9: config."a.b": expected a string, got 1)"}},
      {"schema_not_json",
       "a = 1\n",
       R"({"type": )",
       {"plugin.toml: config: the plugin's config schema is not valid JSON: incomplete JSON"}},
      {"schema_with_unsupported_keyword",
       "a = 1\n",
       R"({"properties": {"a": {"pattern": "^x"}}})",
       {R"(plugin.toml: config: the plugin's config schema is malformed at #/properties/a/pattern: unsupported keyword "pattern")"}},
      {"schema_with_bad_minimum",
       "a = 1\n",
       R"({"properties": {"a": {"minimum": "1"}}})",
       {"plugin.toml: config: the plugin's config schema is malformed at #/properties/a/minimum: expected a number"}},
      {"schema_with_unknown_type",
       "a = 1\n",
       R"({"type": "str"})",
       {"plugin.toml: config: the plugin's config schema is malformed at #/type: expected one of object, array, "
        "string, integer, number, boolean, or an array of them"}},
      {"schema_with_bad_required",
       "a = 1\n",
       R"({"required": "a"})",
       {"plugin.toml: config: the plugin's config schema is malformed at #/required: expected an array of strings"}},
      {"schema_with_negative_length",
       "a = 1\n",
       R"({"properties": {"a/b": {"maxLength": -1}}})",
       {"plugin.toml: config: the plugin's config schema is malformed at #/properties/a~1b/maxLength: expected a "
        "non-negative integer"}},
      {"schema_that_is_not_a_schema",
       "a = 1\n",
       R"([1, 2])",
       {"plugin.toml: config: the plugin's config schema is malformed at #: expected a schema (an object or a "
        "boolean)"}},
      {"schema_with_empty_enum",
       "a = 1\n",
       R"({"properties": {"a": {"enum": []}}})",
       {"plugin.toml: config: the plugin's config schema is malformed at #/properties/a/enum: expected a non-empty "
        "array"}},
  };
  return cases;
}

class SchemaCheckCases : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(SchemaCheckCases, ReportsAtTheOffendingLine) {
  const SchemaCase& schema_case = GetParam();
  const toml::table table = toml::parse(schema_case.toml, std::string_view("plugin.toml"));
  const std::vector<ConfigError> errors =
      check_schema(table, schema_case.schema, SourceLocation{"plugin.toml", 0, 0}, "config");
  EXPECT_THAT(error_texts(errors), ::testing::ElementsAreArray(schema_case.errors));
}

INSTANTIATE_TEST_SUITE_P(SchemaCheck, SchemaCheckCases, ::testing::ValuesIn(schema_cases()),
                         [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

TEST(SchemaCheck, SensitiveValuesAreNotShown) {
  const toml::table table = toml::parse(std::string_view("password = 12345\n"), std::string_view("plugin.toml"));
  const std::vector<std::string> sensitive = {"config.password"};
  const std::vector<ConfigError> errors =
      check_schema(table, R"({"properties": {"password": {"type": "string"}}})", SourceLocation{"plugin.toml", 0, 0},
                   "config", sensitive);
  EXPECT_THAT(error_texts(errors),
              ::testing::ElementsAre("plugin.toml:1:12: config.password: expected a string, got a secret value (not shown)"));
}

TEST(SchemaCheck, DeeplyNestedSchemaIsAnErrorNotACrash) {
  std::string schema;
  for (int i = 0; i < 10000; ++i) {
    schema += R"({"items":)";
  }
  schema += "{}" + std::string(10000, '}');
  const toml::table table;
  const std::vector<ConfigError> errors = check_schema(table, schema, SourceLocation{"plugin.toml", 0, 0}, "config");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, ::testing::StartsWith("the plugin's config schema is not valid JSON"));
}

}  // namespace
}  // namespace smppd::config
