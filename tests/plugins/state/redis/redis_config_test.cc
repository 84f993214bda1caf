// The redis store's config, endpoints and reconnect backoff, without a server.
#include <gtest/gtest.h>

#include <string>

#include "plugins/state/redis/endpoint.h"
#include "plugins/state/redis/reconnect_backoff.h"
#include "plugins/state/redis/redis_config.h"
#include "smppd/cxx/config_box.hpp"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::redis {
namespace {

using namespace std::chrono_literals;

std::string refusal(const std::string& json) {
  try {
    (void)parse_redis_config(json);
  } catch (const smppd::cxx::ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(RedisConfigTest, AnEmptyTableMeansTheLocalRedis) {
  const RedisConfig config = parse_redis_config("{}");
  EXPECT_EQ(config.address, (Endpoint{"127.0.0.1", 6379}));
  EXPECT_FALSE(config.uses_sentinel());
  EXPECT_EQ(config.key_prefix, "smppd:");
  EXPECT_EQ(config.max_pending, 100000u);
  EXPECT_EQ(config.connect_timeout, 2000ms);
  EXPECT_EQ(config.command_timeout, 1000ms);
  EXPECT_EQ(config.describe(), "redis at 127.0.0.1:6379");
}

TEST(RedisConfigTest, ReadsEveryKey) {
  const RedisConfig config = parse_redis_config(R"({
    "sentinels": ["10.0.0.5:26379", "[fd00::6]:26379"], "master_name": "mymaster", "username": "smppd",
    "password": "p", "sentinel_password": "sp", "database": 2, "key_prefix": "smppd:prod:",
    "connect_timeout_ms": 500, "command_timeout_ms": 250, "max_pending": 7, "reconnect_min_ms": 10,
    "reconnect_max_ms": 20})");
  ASSERT_EQ(config.sentinels.size(), 2u);
  EXPECT_EQ(config.sentinels[1], (Endpoint{"fd00::6", 26379}));
  EXPECT_EQ(config.master_name, "mymaster");
  EXPECT_EQ(config.username, "smppd");
  EXPECT_EQ(config.sentinel_password, "sp");
  EXPECT_EQ(config.database, 2u);
  EXPECT_EQ(config.key_prefix, "smppd:prod:");
  EXPECT_EQ(config.command_timeout, 250ms);
  EXPECT_EQ(config.max_pending, 7u);
  EXPECT_EQ(config.reconnect_max, 20ms);
  EXPECT_EQ(config.describe(), "redis primary 'mymaster' (sentinels 10.0.0.5:26379, [fd00::6]:26379)");
}

TEST(RedisConfigTest, RefusalsNameTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"address": "localhost"})", "address: must be host:port"},
      {R"({"address": "h:0"})", "address: must be host:port"},
      {R"({"address": "::1:6379"})", "address: must be host:port"},
      {R"({"sentinels": []})", "sentinels: must be a non-empty array"},
      {R"({"sentinels": ["s:1"]})", "master_name: is needed with sentinels"},
      {R"({"sentinels": ["s:1"], "master_name": "m", "address": "a:1"})", "address: not with sentinels"},
      {R"({"master_name": "m"})", "master_name: only with sentinels"},
      {R"({"sentinel_password": "x"})", "sentinel_password: only with sentinels"},
      {R"({"username": "u"})", "username: needs a password"},
      {R"({"database": -1})", "database: must be from 0"},
      {R"({"max_pending": 0})", "max_pending: must be from 1"},
      {R"({"command_timeout_ms": 1.5})", "command_timeout_ms: must be an integer"},
      {R"({"reconnect_min_ms": 50, "reconnect_max_ms": 10})", "reconnect_min_ms: must not be above"},
      {R"({"adress": "a:1"})", "adress: is not a key"},
      {R"([1])", "must be a table"},
      {R"({)", "not JSON"},
  };
  for (const auto& [json, expected] : cases) {
    EXPECT_NE(refusal(json).find(expected), std::string::npos) << json << " -> " << refusal(json);
  }
}

TEST(RedisConfigTest, TheSchemaUsesOnlyWhatTheLoaderChecks) {
  EXPECT_EQ(smppd::testing::schema_problems(kConfigSchema), std::vector<std::string>{});
}

TEST(EndpointTest, ParsesHostAndPort) {
  EXPECT_EQ(parse_endpoint("redis.internal:6380"), (Endpoint{"redis.internal", 6380}));
  EXPECT_EQ(parse_endpoint("[::1]:6379"), (Endpoint{"::1", 6379}));
  EXPECT_EQ(parse_endpoint("[::1]:6379")->text(), "[::1]:6379");
  EXPECT_FALSE(parse_endpoint("host:"));
  EXPECT_FALSE(parse_endpoint(":6379"));
  EXPECT_FALSE(parse_endpoint("host:65536"));
  EXPECT_FALSE(parse_endpoint("host:12ab"));
  EXPECT_FALSE(parse_endpoint("[]:1"));
}

TEST(ReconnectBackoffTest, DoublesWithJitterUpToTheMaximum) {
  ReconnectBackoff backoff(100ms, 1000ms, 42);
  const std::chrono::milliseconds ceilings[] = {100ms, 200ms, 400ms, 800ms, 1000ms, 1000ms};
  for (const auto ceiling : ceilings) {
    const std::chrono::milliseconds wait = backoff.next();
    EXPECT_GE(wait, ceiling / 2);
    EXPECT_LE(wait, ceiling);
  }
  backoff.reset();
  EXPECT_LE(backoff.next(), 100ms);
}

}  // namespace
}  // namespace smppd::plugins::redis
