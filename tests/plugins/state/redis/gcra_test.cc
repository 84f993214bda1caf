// GCRA rate limits through the C ABI on a real Redis: bursts, refusal with the wait, refill, and
// expiry of a limit that is full again.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/plugins/state/redis/redis_store_test.h"

namespace smppd::plugins::redis::testing {
namespace {

using namespace std::chrono_literals;
namespace op = state::op;
using state::StateCode;

using GcraTest = RedisStoreTest;

TEST_F(GcraTest, TakesUpToTheBurstThenRefusesWithTheWait) {
  // 1 unit per second, bursts of 3.
  for (int64_t left = 2; left >= 0; --left) {
    const state::StateResult taken = store().run_one(op::GcraTake{"sms/acme", 1, 1s, 3});
    EXPECT_EQ(taken.status.code, StateCode::ok);
    EXPECT_EQ(taken.number, left) << "units still available";
  }
  const state::StateResult refused = store().run_one(op::GcraTake{"sms/acme", 1, 1s, 3});
  EXPECT_EQ(refused.status.code, StateCode::would_cross);
  EXPECT_GT(refused.number, 800);
  EXPECT_LE(refused.number, 1000) << "milliseconds until one unit is there";
  const state::StateResult two = store().run_one(op::GcraTake{"sms/acme", 2, 1s, 3});
  EXPECT_EQ(two.status.code, StateCode::would_cross);
  EXPECT_GT(two.number, 1800);
  EXPECT_LE(two.number, 2000);
}

TEST_F(GcraTest, RefillsAtItsRate) {
  // 1 unit per 500 ms, bursts of 2: after the answered wait, one unit is back (and only one).
  EXPECT_EQ(store().run_one(op::GcraTake{"fast", 2, 500ms, 2}).status.code, StateCode::ok);
  const state::StateResult refused = store().run_one(op::GcraTake{"fast", 1, 500ms, 2});
  ASSERT_EQ(refused.status.code, StateCode::would_cross);
  std::this_thread::sleep_for(std::chrono::milliseconds(refused.number + 20));
  EXPECT_EQ(store().run_one(op::GcraTake{"fast", 1, 500ms, 2}).status.code, StateCode::ok);
  EXPECT_EQ(store().run_one(op::GcraTake{"fast", 1, 500ms, 2}).status.code, StateCode::would_cross);
}

TEST_F(GcraTest, TheEntryExpiresOnceTheLimitIsFullAgain) {
  ASSERT_EQ(store().run_one(op::GcraTake{"brief", 1, 100ms, 5}).status.code, StateCode::ok);
  const std::string key = store_prefix() + "k:brief";
  const int64_t ttl = std::stoll(redis_.command({"PTTL", key}).text);
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 100);
  EXPECT_TRUE(eventually([&] { return redis_.command({"EXISTS", key}).text == "0"; }, 2s));
}

TEST_F(GcraTest, ATakeOfZeroOnlyLooksAndMoreThanTheBurstNeverFits) {
  const state::StateResult look = store().run_one(op::GcraTake{"peek", 0, 1s, 4});
  EXPECT_EQ(look.status.code, StateCode::ok);
  EXPECT_EQ(look.number, 4);
  EXPECT_EQ(redis_.command({"EXISTS", store_prefix() + "k:peek"}).text, "0");
  const state::StateResult never = store().run_one(op::GcraTake{"peek", 5, 1s, 4});
  EXPECT_EQ(never.status.code, StateCode::would_cross);
  EXPECT_EQ(never.number, -1);
}

TEST_F(GcraTest, TwoLimitsInOneBatchAreTakenTogetherOrNotAtAll) {
  // Per-client and global limits: the global one refuses, so the client's is not charged either.
  ASSERT_EQ(store().run_one(op::GcraTake{"global", 1, 1s, 1}).status.code, StateCode::ok);
  const state::BatchResult batch = store().run({op::GcraTake{"client", 1, 1s, 1}, op::GcraTake{"global", 1, 1s, 1}});
  EXPECT_EQ(batch.status.code, StateCode::would_cross);
  EXPECT_EQ(store().run_one(op::GcraTake{"client", 1, 1s, 1}).status.code, StateCode::ok);
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
