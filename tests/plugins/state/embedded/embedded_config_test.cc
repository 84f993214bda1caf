// `[state.embedded]`: the keys, their defaults and refusals, where the database goes, and the
// schema the host checks the operator's TOML against.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugins/state/embedded/embedded_config.h"
#include "smppd/cxx/config_box.hpp"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::embedded {
namespace {

TEST(EmbeddedConfig, DefaultsForAnEmptyTable) {
  for (const char* json : {"", "{}"}) {
    const EmbeddedConfig config = parse_embedded_config(json);
    EXPECT_TRUE(config.path.empty()) << json;
    EXPECT_FALSE(config.sync_writes);
    EXPECT_EQ(config.queue_capacity, 100000u);
  }
}

TEST(EmbeddedConfig, ReadsEveryKey) {
  const EmbeddedConfig config = parse_embedded_config(R"({"path": "db", "sync_writes": true, "queue_capacity": 7})");
  EXPECT_EQ(config.path, "db");
  EXPECT_TRUE(config.sync_writes);
  EXPECT_EQ(config.queue_capacity, 7u);
}

TEST(EmbeddedConfig, RefusesNamingTheKey) {
  const struct {
    const char* json;
    const char* reason;
  } cases[] = {
      {R"({"queue_capacity": 0})", "queue_capacity"},
      {R"({"queue_capacity": 100000001})", "queue_capacity"},
      {R"({"queue_capacity": "10"})", "queue_capacity"},
      {R"({"queue_capacity": 1.5})", "queue_capacity"},
      {R"({"sync_writes": "yes"})", "sync_writes"},
      {R"({"path": ""})", "path"},
      {R"({"path": 3})", "path"},
      {R"({"backend": "embedded"})", "backend: is not a key here"},
      {R"([1])", "must be a table"},
      {R"({)", "not JSON"},
  };
  for (const auto& c : cases) {
    try {
      parse_embedded_config(c.json);
      ADD_FAILURE() << c.json << " was taken";
    } catch (const cxx::ConfigError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(c.reason)) << c.json;
    }
  }
}

TEST(EmbeddedConfig, TheDatabaseGoesIntoTheNodesFolderUnlessThePathIsAbsolute) {
  EmbeddedConfig config;
  EXPECT_EQ(database_path(config, "/var/lib/smppd/node"), "/var/lib/smppd/node");
  config.path = "db";
  EXPECT_EQ(database_path(config, "/var/lib/smppd/node"), "/var/lib/smppd/node/db");
  config.path = "/srv/state";
  EXPECT_EQ(database_path(config, "/var/lib/smppd/node"), "/srv/state");
  EXPECT_EQ(database_path(config, ""), "/srv/state");
  config.path = "db";
  EXPECT_THROW(database_path(config, ""), cxx::ConfigError);
}

TEST(EmbeddedConfig, TheSchemaIsOneTheLoaderUnderstands) {
  EXPECT_EQ(smppd::testing::schema_problems(kConfigSchema), std::vector<std::string>{});
}

}  // namespace
}  // namespace smppd::plugins::embedded
