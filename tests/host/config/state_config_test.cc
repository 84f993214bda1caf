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
  EXPECT_EQ(state.backend, StateBackend::embedded);
  EXPECT_EQ(state.path, std::filesystem::path("/etc/smppd/state"));
  EXPECT_FALSE(state.sync_writes);
  EXPECT_EQ(state.queue_capacity, 100000u);
}

TEST(StateConfig, AnEmptyTableKeepsTheDefaults) {
  const LoadResult result = load("[state]\n");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  EXPECT_EQ(result.config->state.path, std::filesystem::path("/etc/smppd/state"));
  EXPECT_EQ(result.config->state.queue_capacity, 100000u);
}

TEST(StateConfig, EveryKey) {
  const LoadResult result = load(
      "[state]\nbackend = \"embedded\"\npath = \"/var/lib/smppd/state\"\nsync_writes = true\n"
      "queue_capacity = 5000\n");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  const StateConfig& state = result.config->state;
  EXPECT_EQ(state.backend, StateBackend::embedded);
  EXPECT_EQ(state.path, std::filesystem::path("/var/lib/smppd/state"));
  EXPECT_TRUE(state.sync_writes);
  EXPECT_EQ(state.queue_capacity, 5000u);
}

TEST(StateConfig, RelativePathStartsAtTheConfigFolder) {
  const LoadResult result = load("[state]\npath = \"../data/./state\"\n");
  ASSERT_THAT(error_texts(result.errors), IsEmpty());
  EXPECT_EQ(result.config->state.path, std::filesystem::path("/etc/data/state"));
}

TEST(StateConfig, UnknownBackend) {
  EXPECT_THAT(error_texts(load("[state]\nbackend = \"redis\"\n", "etc/smppd.toml").errors),
              ElementsAre(R"(etc/smppd.toml:2:11: state.backend: expected one of "embedded", got "redis")"));
}

TEST(StateConfig, EmptyPath) {
  EXPECT_THAT(error_texts(load("[state]\npath = \"\"\n", "etc/smppd.toml").errors),
              ElementsAre(R"(etc/smppd.toml:2:8: state.path: expected a non-empty string, got "")"));
}

TEST(StateConfig, SyncWritesMustBeABoolean) {
  EXPECT_THAT(error_texts(load("[state]\nsync_writes = 1\n", "etc/smppd.toml").errors),
              ElementsAre("etc/smppd.toml:2:15: state.sync_writes: expected a boolean (true or false), got 1"));
}

TEST(StateConfig, QueueCapacityRange) {
  EXPECT_THAT(error_texts(load("[state]\nqueue_capacity = 0\n", "etc/smppd.toml").errors),
              ElementsAre("etc/smppd.toml:2:18: state.queue_capacity: expected an integer from 1 to 100000000, "
                          "got 0"));
}

TEST(StateConfig, UnknownKey) {
  EXPECT_THAT(error_texts(load("[state]\nsync_write = true\n", "etc/smppd.toml").errors),
              ElementsAre(R"(etc/smppd.toml:2:1: state.sync_write: unknown key; did you mean "sync_writes"?)"));
}

}  // namespace
}  // namespace smppd::config
