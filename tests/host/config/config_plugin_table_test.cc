#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "host/config/config_loader.h"
#include "host/config/schema_check.h"
#include "host/config/toml_json.h"
#include "tests/host/config/error_texts.h"

namespace smppd::config {
namespace {

using testing::error_texts;

TEST(ConfigJson, RendersEveryTomlTypeAsAPluginExpectsIt) {
  const toml::table table = toml::parse(R"(
count = 42
big = 9007199254740993
negative = -7
ratio = 0.25
whole_float = 3.0
enabled = true
name = "quote \" and \\ and \u00e9"
list = [1, 2, 3]
mixed = [[1, 2], ["a"]]
nested = { inner = { deep = false } }
day = 1979-05-27
at = 1979-05-27T07:32:00Z
local_at = 1979-05-27T07:32:00
clock = 07:32:00
empty = {}
)");
  const boost::json::value json = to_json(table);
  const boost::json::object& object = json.as_object();
  ASSERT_TRUE(object.at("count").is_int64());
  EXPECT_EQ(object.at("count").as_int64(), 42);
  EXPECT_EQ(object.at("big").as_int64(), 9007199254740993);  // beyond a double's exact range
  EXPECT_EQ(object.at("negative").as_int64(), -7);
  ASSERT_TRUE(object.at("ratio").is_double());
  EXPECT_DOUBLE_EQ(object.at("ratio").as_double(), 0.25);
  EXPECT_TRUE(object.at("whole_float").is_double());  // a float stays a float
  EXPECT_EQ(object.at("enabled"), true);
  EXPECT_EQ(object.at("name").as_string(), "quote \" and \\ and \xC3\xA9");
  EXPECT_EQ(object.at("list"), boost::json::parse("[1,2,3]"));
  EXPECT_EQ(object.at("mixed"), boost::json::parse(R"([[1,2],["a"]])"));
  EXPECT_EQ(object.at("nested"), boost::json::parse(R"({"inner":{"deep":false}})"));
  EXPECT_EQ(object.at("day").as_string(), "1979-05-27");
  EXPECT_EQ(object.at("at").as_string(), "1979-05-27T07:32:00Z");
  EXPECT_EQ(object.at("local_at").as_string(), "1979-05-27T07:32:00");
  EXPECT_EQ(object.at("clock").as_string(), "07:32:00");
  EXPECT_EQ(object.at("empty"), boost::json::object());
}

TEST(ConfigJson, TextIsCompactJson) {
  const toml::table table = toml::parse(R"(b = "x"
a = 1
c = [true, false]
)");
  EXPECT_EQ(to_json_text(table), R"({"a":1,"b":"x","c":[true,false]})");
}

constexpr std::string_view kFilterConfig = R"([[listeners]]
name = "a"
address = "127.0.0.1"
port = 0

[[listeners.filters]]
name = "ratelimit"

[listeners.filters.config]
per_second = 100
mode = "strict"
buckets = [{ name = "gold", rate = 10 }]
)";

TEST(ConfigPluginTable, KeepsTheTomlWithItsPositionsBesideTheJson) {
  const LoadResult result = load_config_text(kFilterConfig, "etc/smppd.toml", SecretResolver::from_map({}));
  ASSERT_THAT(error_texts(result.errors), ::testing::IsEmpty());
  const PluginConfig& plugin = result.config->listeners[0].filters[0].config;
  EXPECT_EQ(plugin.key_path, "listeners[0].filters[0].config");
  EXPECT_EQ(plugin.where.file, "etc/smppd.toml");
  EXPECT_EQ(plugin.where.line, 9u);
  EXPECT_EQ(plugin.json, R"({"buckets":[{"name":"gold","rate":10}],"mode":"strict","per_second":100})");
  ASSERT_NE(plugin.table, nullptr);
  ASSERT_NE(plugin.table->get("mode"), nullptr);
  EXPECT_EQ(plugin.table->get("mode")->source().begin.line, 11u);
  EXPECT_EQ(plugin.table->get("mode")->source().begin.column, 8u);
}

TEST(ConfigPluginTable, OutlivesTheRestOfTheConfig) {
  std::shared_ptr<const toml::table> table;
  {
    LoadResult result = load_config_text(kFilterConfig, "etc/smppd.toml", SecretResolver::from_map({}));
    ASSERT_TRUE(result.config.has_value());
    table = result.config->listeners[0].filters[0].config.table;
  }
  ASSERT_NE(table->get("per_second"), nullptr);
  EXPECT_EQ(table->get("per_second")->value<int64_t>(), 100);
}

TEST(ConfigPluginTable, SchemaErrorsNameTheConfigFilesLines) {
  const LoadResult result = load_config_text(kFilterConfig, "etc/smppd.toml", SecretResolver::from_map({}));
  ASSERT_TRUE(result.config.has_value());
  const PluginConfig& plugin = result.config->listeners[0].filters[0].config;
  const std::vector<ConfigError> errors = check_schema(*plugin.table, R"({
      "type": "object",
      "additionalProperties": false,
      "required": ["per_second", "burst"],
      "properties": {
        "per_second": {"type": "integer", "maximum": 50},
        "mode": {"enum": ["open", "closed"]},
        "buckets": {"type": "array", "items": {
          "type": "object", "properties": {"name": {"type": "string"}, "rate": {"type": "string"}}}}
      }})",
                                                       plugin.where, plugin.key_path);
  EXPECT_THAT(error_texts(errors),
              ::testing::ElementsAre(
                  "etc/smppd.toml:9:1: listeners[0].filters[0].config.burst: required key is missing",
                  "etc/smppd.toml:10:14: listeners[0].filters[0].config.per_second: expected at most 50, got 100",
                  R"(etc/smppd.toml:11:8: listeners[0].filters[0].config.mode: expected one of "open", "closed", got "strict")",
                  "etc/smppd.toml:12:36: listeners[0].filters[0].config.buckets[0].rate: expected a string, got 10"));
}

}  // namespace
}  // namespace smppd::config
