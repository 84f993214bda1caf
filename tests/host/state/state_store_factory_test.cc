// Opening the store `[state]` names: the backend is a state store plugin found in the registry,
// its `[state.<backend>]` table passes the factory's schema, and what is wrong names file and key.
#include "host/state/state_store_factory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/config/config_loader.h"
#include "tests/host/state/test_backend.h"

namespace smppd::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr const char* kRedisSchema = R"({
  "type": "object",
  "properties": {"address": {"type": "string", "minLength": 1}},
  "required": ["address"],
  "additionalProperties": false
})";

class StateStoreFactoryTest : public ::testing::Test {
 protected:
  StateStoreFactoryTest() {
    embedded_ = {sizeof(smppd_factory), SMPPD_KIND_STATE_STORE, "embedded", nullptr, backend_.backend().vtable};
    redis_ = {sizeof(smppd_factory), SMPPD_KIND_STATE_STORE, "redis", kRedisSchema, backend_.backend().vtable};
    filter_ = {sizeof(smppd_factory), SMPPD_KIND_FILTER, "memcache", nullptr, nullptr};
    plugin::LoadedPlugin plugin;
    plugin.name = "stores";
    plugin.factories = {&embedded_, &redis_, &filter_};
    registry_.add(std::move(plugin));
  }

  config::Config load(const std::string& toml) {
    config::LoadResult loaded = config::load_config_text(toml, "etc/smppd.toml", config::SecretResolver::from_map({}));
    EXPECT_TRUE(loaded.config) << (loaded.errors.empty() ? "" : loaded.errors.front().to_string());
    return loaded.config ? std::move(*loaded.config) : config::Config{};
  }

  std::vector<std::string> check(const std::string& toml) {
    std::vector<std::string> errors;
    const bool passed = check_state_store(load(toml), registry_, errors);
    EXPECT_EQ(passed, errors.empty());
    return errors;
  }

  testing::TestBackend backend_;
  smppd_factory embedded_{};
  smppd_factory redis_{};
  smppd_factory filter_{};
  plugin::PluginRegistry registry_;
};

TEST_F(StateStoreFactoryTest, TheDefaultBackendIsTheEmbeddedPlugin) {
  EXPECT_THAT(check(""), IsEmpty());
  const config::Config config = load("[state]\npath = \"/var/lib/smppd/state\"\n");
  OpenedStateStore opened = open_state_store(config, registry_);
  ASSERT_NE(opened.store, nullptr) << opened.error;
  EXPECT_EQ(backend_.opens(), 1);
  EXPECT_EQ(backend_.last_config(), "{}");
  EXPECT_EQ(backend_.last_node_dir(), "/var/lib/smppd/state") << "[state] path is the node's folder";
}

TEST_F(StateStoreFactoryTest, AnUnknownBackendNamesFileKeyAndTheKnownBackends) {
  EXPECT_THAT(check("[state]\nbackend = \"memcache\"\n"),
              ElementsAre("etc/smppd.toml:2:11: state.backend: no loaded plugin offers a state store named "
                          "'memcache' (known: embedded, redis; check --plugin-dir and the plugin's manifest)"));
  const OpenedStateStore opened = open_state_store(load("[state]\nbackend = \"memcache\"\n"), registry_);
  EXPECT_EQ(opened.store, nullptr);
  EXPECT_THAT(opened.error, StartsWith("etc/smppd.toml:2:11: state.backend: no loaded plugin offers"));
  EXPECT_EQ(backend_.opens(), 0);
}

TEST_F(StateStoreFactoryTest, WithoutStateStorePluginsTheKnownAreNone) {
  plugin::PluginRegistry empty;
  std::vector<std::string> errors;
  EXPECT_FALSE(check_state_store(load(""), empty, errors));
  EXPECT_THAT(errors, ElementsAre("etc/smppd.toml: state.backend: no loaded plugin offers a state store named "
                                  "'embedded' (known: none; check --plugin-dir and the plugin's manifest)"));
}

TEST_F(StateStoreFactoryTest, TheBackendsTableIsCheckedAgainstItsSchema) {
  EXPECT_THAT(check("[state]\nbackend = \"redis\"\n[state.redis]\naddress = \"10.0.0.1:6379\"\n"), IsEmpty());
  EXPECT_THAT(check("[state]\nbackend = \"redis\"\n[state.redis]\naddress = 6379\n"),
              ElementsAre(StartsWith("etc/smppd.toml:4:11: state.redis.address: ")));
  EXPECT_THAT(check("[state]\nbackend = \"redis\"\n"),
              ElementsAre("etc/smppd.toml:1:1: state.redis.address: required key is missing"))
      << "a table left out is an empty one, placed at [state]";
  const OpenedStateStore opened = open_state_store(load("[state]\nbackend = \"redis\"\n"), registry_);
  EXPECT_EQ(opened.store, nullptr);
  EXPECT_EQ(backend_.opens(), 0) << "a backend whose table fails its schema is never opened";
}

TEST_F(StateStoreFactoryTest, TheBackendsOwnRefusalNamesTheFile) {
  backend_.refuse_open("the directory is locked");
  const OpenedStateStore opened = open_state_store(load(""), registry_);
  EXPECT_EQ(opened.store, nullptr);
  EXPECT_EQ(opened.error, "etc/smppd.toml: state: state store 'embedded' did not open: the directory is locked");
}

}  // namespace
}  // namespace smppd::state
