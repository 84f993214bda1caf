#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "host/config/config_loader.h"
#include "tests/host/config/error_texts.h"

namespace smppd::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::error_texts;

LoadResult load(const std::string& toml, const std::string& file_name = "/etc/smppd/smppd.toml") {
  return load_config_text(toml, file_name, SecretResolver::from_map({}));
}

TEST(StateConfig, DefaultsPutTheStoreBesideTheConfigFile) {
  const LoadResult result = load("");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  const StateConfig& state = result.config->state;
  EXPECT_EQ(state.backend, "embedded");
  EXPECT_EQ(state.path, std::filesystem::path("/etc/smppd/state"));
  EXPECT_EQ(state.backend_config.key_path, "state.embedded");
  EXPECT_EQ(state.backend_config.json, "{}");
  ASSERT_NE(state.backend_config.table, nullptr);
  EXPECT_EQ(state.backend_where.file, "/etc/smppd/smppd.toml");
}

TEST(StateConfig, AnEmptyTableKeepsTheDefaults) {
  const LoadResult result = load("[state]\n");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  EXPECT_EQ(result.config->state.backend, "embedded");
  EXPECT_EQ(result.config->state.path, std::filesystem::path("/etc/smppd/state"));
}

TEST(StateConfig, EveryKeyAndTheBackendsOwnTable) {
  const LoadResult result = load(
      "[state]\nbackend = \"embedded\"\npath = \"/var/lib/smppd/state\"\n\n"
      "[state.embedded]\nsync_writes = true\nqueue_capacity = 5000\n");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  const StateConfig& state = result.config->state;
  EXPECT_EQ(state.backend, "embedded");
  EXPECT_EQ(state.path, std::filesystem::path("/var/lib/smppd/state"));
  EXPECT_EQ(state.backend_where.line, 2u);
  EXPECT_EQ(state.backend_config.key_path, "state.embedded");
  EXPECT_EQ(state.backend_config.json, R"({"queue_capacity":5000,"sync_writes":true})");
  EXPECT_EQ(state.backend_config.where.line, 5u);
}

TEST(StateConfig, AnotherBackendTakesItsOwnTable) {
  const LoadResult result =
      load("[state]\nbackend = \"redis\"\n[state.redis]\naddress = \"10.0.0.1:6379\"\n");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  EXPECT_EQ(result.config->state.backend, "redis");
  EXPECT_EQ(result.config->state.backend_config.key_path, "state.redis");
  EXPECT_EQ(result.config->state.backend_config.json, R"({"address":"10.0.0.1:6379"})");
}

TEST(StateConfig, ATableForABackendNotChosenIsAnError) {
  EXPECT_THAT(error_texts(load("[state]\n[state.redis]\naddress = \"x\"\n", "etc/smppd.toml").errors),
              ElementsAre(R"(etc/smppd.toml:2:8: state.redis: a table for backend "redis", but state.backend is )"
                          R"("embedded" (only [state.embedded] is read))"));
}

TEST(StateConfig, TheEmbeddedStoresKeysMovedToItsTable) {
  EXPECT_THAT(error_texts(load("[state]\nsync_writes = true\n", "etc/smppd.toml").errors),
              ElementsAre("etc/smppd.toml:2:1: state.sync_writes: unknown key; expected one of: backend, embedded, "
                          "path"));
}

TEST(StateConfig, RelativePathStartsAtTheConfigFolder) {
  const LoadResult result = load("[state]\npath = \"../data/./state\"\n");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  EXPECT_EQ(result.config->state.path, std::filesystem::path("/etc/data/state"));
}

TEST(StateConfig, EmptyBackend) {
  EXPECT_THAT(error_texts(load("[state]\nbackend = \"\"\n", "etc/smppd.toml").errors),
              ElementsAre(R"(etc/smppd.toml:2:11: state.backend: expected a non-empty string, got "")"));
}

TEST(StateConfig, EmptyPath) {
  EXPECT_THAT(error_texts(load("[state]\npath = \"\"\n", "etc/smppd.toml").errors),
              ElementsAre(R"(etc/smppd.toml:2:8: state.path: expected a non-empty string, got "")"));
}

TEST(StateConfig, UnknownKey) {
  EXPECT_THAT(error_texts(load("[state]\nbackends = \"embedded\"\n", "etc/smppd.toml").errors),
              ElementsAre(R"(etc/smppd.toml:2:1: state.backends: unknown key; did you mean "backend"?)"));
}

}  // namespace
}  // namespace smppd::config
