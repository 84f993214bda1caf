// Finding the primary through Sentinel: discovery, a master name Sentinel does not know, the
// Sentinel's own password, and a failover to a promoted replica.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/plugins/state/redis/redis_store_driver.h"
#include "tests/support/redis_server.h"

namespace smppd::plugins::redis::testing {
namespace {

using namespace std::chrono_literals;
namespace op = state::op;
using smppd::testing::RedisSentinel;
using smppd::testing::RedisServer;
using state::StateCode;

std::string sentinel_config(const RedisSentinel& sentinel, const std::string& master_name, const std::string& extra = {},
                            const std::string& prefix = unique_prefix()) {
  std::string json = "{\"sentinels\": [\"" + sentinel.address() + "\"], \"master_name\": \"" + master_name +
                     "\", \"key_prefix\": \"" + prefix +
                     "\", \"connect_timeout_ms\": 1000, \"command_timeout_ms\": 2000, \"reconnect_min_ms\": 50, "
                     "\"reconnect_max_ms\": 300";
  if (!extra.empty()) json += ", " + extra;
  return json + "}";
}

class SentinelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(primary_.start(&error)) << error;
    sentinel_ = std::make_unique<RedisSentinel>(RedisSentinel::Options{"mymaster", primary_.port(), {}, {}, 1000ms});
    ASSERT_TRUE(sentinel_->start(&error)) << error;
  }

  RedisServer primary_;
  std::unique_ptr<RedisSentinel> sentinel_;
};

TEST_F(SentinelTest, FindsThePrimaryThroughSentinel) {
  StoreDriver store(sentinel_config(*sentinel_, "mymaster"));
  ASSERT_EQ(store.open_result(), SMPPD_OK) << store.open_error();
  ASSERT_TRUE(store.available());
  ASSERT_EQ(store.run_one(op::Set{"found", "yes"}).status.code, StateCode::ok);
  EXPECT_EQ(primary_.command({"DBSIZE"}).text, "1");
  EXPECT_TRUE(TestStateHost::instance().logged("connected to redis at " + primary_.address()));
}

TEST_F(SentinelTest, AMasterNameSentinelDoesNotKnowLeavesTheStoreUnavailable) {
  StoreDriver store(sentinel_config(*sentinel_, "othermaster"));
  ASSERT_EQ(store.open_result(), SMPPD_OK) << "Sentinel may learn the name later: keep trying";
  EXPECT_FALSE(store.available());
  const state::BatchResult batch = store.run({op::Get{"k"}});
  EXPECT_EQ(batch.status.code, StateCode::unavailable);
  EXPECT_NE(batch.status.message.find("does not know a master named 'othermaster'"), std::string::npos)
      << batch.status.message;
}

TEST(SentinelPasswordTest, TheSentinelsOwnPassword) {
  RedisServer primary(RedisServer::Options{"primary-pw", {}});
  std::string error;
  ASSERT_TRUE(primary.start(&error)) << error;
  RedisSentinel sentinel(RedisSentinel::Options{"mymaster", primary.port(), "primary-pw", "sentinel-pw", 1000ms});
  ASSERT_TRUE(sentinel.start(&error)) << error;

  StoreDriver good(sentinel_config(sentinel, "mymaster", R"("password": "primary-pw", "sentinel_password": "sentinel-pw")"));
  ASSERT_EQ(good.open_result(), SMPPD_OK) << good.open_error();
  EXPECT_EQ(good.run_one(op::Set{"k", "v"}).status.code, StateCode::ok);

  StoreDriver wrong(sentinel_config(sentinel, "mymaster", R"("password": "primary-pw", "sentinel_password": "nope")"));
  EXPECT_EQ(wrong.open_result(), SMPPD_E_CONFIG);
  EXPECT_NE(wrong.open_error().find("sentinel at " + sentinel.address() + " refused AUTH"), std::string::npos)
      << wrong.open_error();
}

TEST(SentinelFailoverTest, FollowsAFailoverToThePromotedReplica) {
  // The replica is in sync before the Sentinel starts, so the Sentinel's first look at the primary
  // already lists it (it looks again only every 10 s).
  RedisServer primary;
  std::string error;
  ASSERT_TRUE(primary.start(&error)) << error;
  RedisServer replica(RedisServer::Options{{}, {"--replicaof", "127.0.0.1", std::to_string(primary.port())}});
  ASSERT_TRUE(replica.start(&error)) << error;
  ASSERT_TRUE(eventually(
      [&] { return replica.command({"INFO", "replication"}).text.find("master_link_status:up") != std::string::npos; },
      10s));
  RedisSentinel sentinel(RedisSentinel::Options{"mymaster", primary.port(), {}, {}, 1000ms});
  ASSERT_TRUE(sentinel.start(&error)) << error;

  const std::string prefix = unique_prefix();
  StoreDriver store(sentinel_config(sentinel, "mymaster", {}, prefix));
  ASSERT_EQ(store.open_result(), SMPPD_OK) << store.open_error();
  ASSERT_EQ(store.run_one(op::Set{"before", "1"}).status.code, StateCode::ok);
  ASSERT_TRUE(eventually([&] { return replica.command({"GET", prefix + "k:before"}).text == "1"; }, 10s));

  // Sentinel refuses (NOGOODSLAVE) until it has heard from the replica itself.
  ASSERT_TRUE(eventually([&] { return sentinel.command({"SENTINEL", "FAILOVER", "mymaster"}).text == "OK"; }, 30s))
      << sentinel.log();
  ASSERT_TRUE(eventually(
      [&] {
        return sentinel.command({"SENTINEL", "get-master-addr-by-name", "mymaster"}).text.find(
                   std::to_string(replica.port())) != std::string::npos;
      },
      30s))
      << sentinel.log();

  // Once the store has followed, its writes land on the promoted replica.
  ASSERT_TRUE(eventually(
      [&] {
        return store.run_one(op::Set{"after", "2"}).status.code == StateCode::ok &&
               replica.command({"GET", prefix + "k:after"}).text == "2";
      },
      30s));
  EXPECT_TRUE(replica.command({"ROLE"}).text.starts_with("[master"));
  EXPECT_TRUE(TestStateHost::instance().logged("failover: the primary 'mymaster' is now " + replica.address()));
  EXPECT_EQ(store.run_one(op::Get{"before"}).value, "1") << "replicated before the failover";
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
