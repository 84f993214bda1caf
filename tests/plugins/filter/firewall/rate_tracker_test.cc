// The rate conditions' windows: exact distinct-destination counts for flooding, bucketed message
// counts for pumping, and the memory bound.
#include <gtest/gtest.h>

#include "plugins/filter/firewall/rate_tracker.h"

namespace smppd::plugins::firewall {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST(FloodTrackerTest, CountsDistinctDestinationsWithinTheWindow) {
  FloodTracker flood(3, 1000 * kMs, 100);
  EXPECT_FALSE(flood.record(7, 1, 0));
  EXPECT_FALSE(flood.record(7, 2, 100 * kMs));
  EXPECT_FALSE(flood.record(7, 2, 200 * kMs));  // the same destination again
  EXPECT_FALSE(flood.record(7, 3, 300 * kMs));
  EXPECT_FALSE(flood.record(8, 4, 300 * kMs));  // other content
  EXPECT_TRUE(flood.record(7, 4, 400 * kMs));   // a fourth destination
  // 1100 ms: destination 1 (seen at 0) left the window; 2, 3 and 4 remain.
  EXPECT_FALSE(flood.record(7, 4, 1100 * kMs));
  EXPECT_TRUE(flood.record(7, 5, 1150 * kMs));
  EXPECT_FALSE(flood.record(7, 9, 5000 * kMs));  // all of them expired
}

TEST(FloodTrackerTest, KeepsAtMostThresholdPlusOneDestinationsPerContent) {
  FloodTracker flood(2, 1000 * kMs, 100);
  for (uint64_t destination = 0; destination < 1000; ++destination) flood.record(1, destination, 1);
  EXPECT_TRUE(flood.record(1, 5000, 2));
}

TEST(PumpingTrackerTest, CountsMessagesToAKeyWithinTheWindow) {
  PumpingTracker pumping(3, 1600 * kMs, 100);  // buckets of 100 ms
  EXPECT_FALSE(pumping.record(1, 0));
  EXPECT_FALSE(pumping.record(1, 50 * kMs));
  EXPECT_FALSE(pumping.record(1, 500 * kMs));
  EXPECT_FALSE(pumping.record(2, 500 * kMs));
  EXPECT_TRUE(pumping.record(1, 600 * kMs));
  // 1650 ms: the first bucket (0-100 ms, two messages) left the window.
  EXPECT_FALSE(pumping.record(1, 1650 * kMs));
  EXPECT_TRUE(pumping.record(1, 1660 * kMs));
  EXPECT_FALSE(pumping.record(1, 10000 * kMs));
}

TEST(PumpingTrackerTest, EvictsTheLeastRecentlyUsedKeysBeyondItsBound) {
  PumpingTracker pumping(1, 1000 * kMs, 16);  // one key per shard
  for (uint64_t key = 0; key < 1000; ++key) pumping.record(key, 0);
  EXPECT_GE(pumping.evictions(), 1000u - 16u);
  ShardedLru<int> lru(32);
  for (uint64_t key = 0; key < 10000; ++key) lru.with(key, [](int& value) { return ++value; });
  EXPECT_LE(lru.size(), 32u);
}

}  // namespace
}  // namespace smppd::plugins::firewall
