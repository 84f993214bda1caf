// GCRA and the local buckets: burst and refill on an explicit clock, refunds, expiry of idle keys,
// the bound on keys, and many workers taking from one bucket at once.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "plugins/filter/ratelimit/gcra.h"
#include "plugins/filter/ratelimit/local_gcra_table.h"

namespace smppd::plugins::ratelimit {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kStart = 50 * kSecond;

TEST(GcraTest, RateAsAnInterval) {
  EXPECT_EQ(gcra_rate(10, false, 5), (GcraRate{100'000'000, 5}));
  EXPECT_EQ(gcra_rate(60, true, 1), (GcraRate{kSecond, 1}));
  EXPECT_EQ(gcra_rate(0.5, false, 3).interval_ns, 2 * kSecond);
  EXPECT_EQ(gcra_rate(3, false, 0).burst, 1) << "a burst is at least one unit";
}

TEST(GcraTest, BurstThenOneUnitPerInterval) {
  const GcraRate rate{100'000'000, 5};  // 10 per second, 5 at once
  int64_t tat = 0;
  for (int i = 0; i < 5; ++i) {
    const GcraStep step = gcra_take(rate, tat, kStart, 1);
    ASSERT_TRUE(step.taken) << i;
    tat = step.tat_ns;
  }
  EXPECT_FALSE(gcra_take(rate, tat, kStart, 1).taken) << "the burst is spent";
  EXPECT_FALSE(gcra_take(rate, tat, kStart + 99'999'999, 1).taken);
  const GcraStep refilled = gcra_take(rate, tat, kStart + 100'000'000, 1);
  EXPECT_TRUE(refilled.taken) << "one unit back after one interval";
  EXPECT_FALSE(gcra_take(rate, refilled.tat_ns, kStart + 100'000'000, 1).taken);
}

TEST(GcraTest, AmountsTakeSeveralUnitsOrNone) {
  const GcraRate rate{kSecond, 5};
  GcraStep step = gcra_take(rate, 0, kStart, 3);
  ASSERT_TRUE(step.taken);
  EXPECT_FALSE(gcra_take(rate, step.tat_ns, kStart, 3).taken) << "2 left: 3 do not fit, and none are taken";
  step = gcra_take(rate, step.tat_ns, kStart, 2);
  EXPECT_TRUE(step.taken);
  EXPECT_FALSE(gcra_take(rate, 0, kStart, 6).taken) << "more than the burst is never taken";
  EXPECT_TRUE(gcra_take(rate, 0, kStart, 5).taken);
}

TEST(GcraTest, ARefundGivesTheUnitsBack) {
  const GcraRate rate{kSecond, 2};
  GcraStep step = gcra_take(rate, 0, kStart, 2);
  ASSERT_TRUE(step.taken);
  ASSERT_FALSE(gcra_take(rate, step.tat_ns, kStart, 1).taken);
  const int64_t refunded = gcra_refund(rate, step.tat_ns, 1);
  EXPECT_TRUE(gcra_take(rate, refunded, kStart, 1).taken);
  EXPECT_FALSE(gcra_take(rate, refunded, kStart, 2).taken);
  EXPECT_EQ(gcra_refund(rate, kSecond, 5), 0) << "never below an empty state";
}

// The slowest rate the config allows (0.001 a minute) with the largest burst: amounts times the
// interval pass 2^63. They saturate (UBSan would report an overflow) instead of wrapping negative.
TEST(GcraTest, HugeProductsSaturateInsteadOfOverflowing) {
  const GcraRate rate = gcra_rate(0.001, true, 1'000'000'000);
  EXPECT_EQ(rate.interval_ns, 60'000'000'000'000);
  const GcraStep step = gcra_take(rate, 0, kStart, 1'000'000'000);
  EXPECT_TRUE(step.taken);
  EXPECT_EQ(step.tat_ns, INT64_MAX);
  EXPECT_GE(gcra_refund(rate, step.tat_ns, 1'000'000'000), 0);
}

TEST(LocalGcraTableTest, KeysHaveBucketsOfTheirOwn) {
  LocalGcraTable table(GcraRate{kSecond, 2}, 1000);
  EXPECT_TRUE(table.take("acme", 2, kStart));
  EXPECT_FALSE(table.take("acme", 1, kStart));
  EXPECT_TRUE(table.take("globex", 1, kStart));
  EXPECT_TRUE(table.take("acme", 1, kStart + kSecond));
}

TEST(LocalGcraTableTest, RefundAfterAnotherLimitRefused) {
  LocalGcraTable table(GcraRate{kSecond, 3}, 1000);
  ASSERT_TRUE(table.take("acme", 3, kStart));
  table.refund("acme", 2);
  EXPECT_TRUE(table.take("acme", 2, kStart));
  EXPECT_FALSE(table.take("acme", 1, kStart));
  table.refund("unknown", 5);  // nothing to give back to: ignored
  EXPECT_EQ(table.size(), 1u);
}

TEST(LocalGcraTableTest, AFullBucketKeepsNoEntryAndIdleKeysGo) {
  LocalGcraTable table(GcraRate{kSecond, 5}, 1000);
  EXPECT_TRUE(table.take("acme", 0, kStart));
  EXPECT_EQ(table.size(), 0u) << "taking nothing leaves the bucket full";
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(table.take("sender-" + std::to_string(i), 1, kStart));
  EXPECT_EQ(table.size(), 100u);
  // A second later every bucket is full again: idle. New keys in a shard sweep its idle ones away.
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(table.take("late-" + std::to_string(i), 1, kStart + kSecond));
  EXPECT_EQ(table.size(), 200u) << "only the new keys are left";
  EXPECT_EQ(table.evictions(), 0u) << "going idle is not an eviction";
}

TEST(LocalGcraTableTest, MemoryIsBoundedByEvictingTheLeastRecentlyUsed) {
  uint64_t evicted = 0;
  LocalGcraTable table(GcraRate{kSecond, 1}, 64, [&] { ++evicted; });
  for (int i = 0; i < 10'000; ++i) ASSERT_TRUE(table.take("sender-" + std::to_string(i), 1, kStart));
  EXPECT_LE(table.size(), 64u);
  EXPECT_EQ(table.evictions(), 10'000u - table.size());
  EXPECT_EQ(evicted, table.evictions()) << "each eviction is reported";
}

// A thread takes from a key it used lately without the shard's lock; a key evicted meanwhile must
// not be taken from there, or it would count on a bucket the table no longer has.
TEST(LocalGcraTableTest, AKeyEvictedWhileAThreadRemembersItStartsAgainFull) {
  LocalGcraTable table(GcraRate{kSecond * 1000, 1}, 16);  // one key per shard, no refill to speak of
  ASSERT_TRUE(table.take("acme", 1, kStart));
  ASSERT_FALSE(table.take("acme", 1, kStart)) << "its one unit is gone";
  // Newcomers from another thread, so that they do not take this thread's cache slot of acme.
  std::thread([&] {
    for (int i = 0; table.evictions() < 64; ++i) ASSERT_TRUE(table.take("other-" + std::to_string(i), 1, kStart));
  }).join();
  // Every shard has evicted its key by now, acme's too: it starts again with a full bucket, which
  // the table holds, so that another thread sees the unit taken.
  EXPECT_TRUE(table.take("acme", 1, kStart));
  EXPECT_FALSE(table.take("acme", 1, kStart));
  bool taken_elsewhere = true;
  std::thread([&] { taken_elsewhere = table.take("acme", 1, kStart); }).join();
  EXPECT_FALSE(taken_elsewhere);
}

// Keys taken from through a thread's cache do not move up the shard's order; a full shard gives
// them a second chance, so a busy key is not the one evicted for newcomers.
TEST(LocalGcraTableTest, ABusyKeyOutlivesTheNewcomersThatFillItsShard) {
  LocalGcraTable table(GcraRate{kSecond * 1000, 500}, 64);
  int taken = 0;
  for (int i = 0; i < 1500; ++i) {
    if (table.take("acme", 1, kStart)) ++taken;
    // From another thread, so that acme stays in this thread's cache and never looks it up again.
    std::thread([&table, i] { ASSERT_TRUE(table.take("newcomer-" + std::to_string(i), 1, kStart)); }).join();
  }
  EXPECT_GT(table.evictions(), 1000u);
  EXPECT_EQ(taken, 500) << "acme kept its bucket: evicted, it would have started again full";
}

TEST(LocalGcraTableTest, ManyWorkersNeverTakeMoreThanTheBucketHolds) {
  LocalGcraTable table(GcraRate{kSecond * 1000, 1000}, 1000);  // no refill worth speaking of
  std::atomic<int> taken{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (table.take("acme", 1, kStart)) taken.fetch_add(1);
        (void)table.take("other-" + std::to_string(i % 50), 1, kStart);
        if (i % 7 == 0) table.refund("other-" + std::to_string(i % 50), 1);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  EXPECT_LE(taken.load(), 1000);
  // A worker may end holding what is left of a lease (burst/64 = 15 units) that nobody spends.
  EXPECT_GE(taken.load(), 1000 - 4 * 15);
}

// A large burst: a thread takes a lease of burst/64 units with a take and spends it without the
// bucket. Other workers see those units gone, and not one more; the thread spends exactly them.
TEST(LocalGcraTableTest, ALeaseHoldsBackOneShareOfTheBurstAndIsSpentExactly) {
  LocalGcraTable table(GcraRate{kSecond * 1000, 6400}, 1000);  // a lease is 100 units; no refill
  ASSERT_TRUE(table.take("acme", 1, kStart));                   // a new key: its bucket, no lease yet
  ASSERT_TRUE(table.take("acme", 1, kStart));                   // 1 and a lease of 100
  bool others_took_the_rest = false;
  bool others_took_more = true;
  std::thread([&] {
    others_took_the_rest = table.take("acme", 6400 - 102, kStart);
    others_took_more = table.take("acme", 1, kStart);
  }).join();
  EXPECT_TRUE(others_took_the_rest);
  EXPECT_FALSE(others_took_more) << "the lease's 100 units are this thread's";
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(table.take("acme", 1, kStart)) << i;
  EXPECT_FALSE(table.take("acme", 1, kStart)) << "6,400 units taken in all";
}

TEST(LocalGcraTableTest, AnUnspentLeaseGoesBackAtTheNextTakeAfterItsLifetime) {
  LocalGcraTable table(GcraRate{kSecond * 1000, 6400}, 1000);
  ASSERT_TRUE(table.take("acme", 1, kStart));
  ASSERT_TRUE(table.take("acme", 1, kStart));  // a lease of 100, 1 of it spent below
  ASSERT_TRUE(table.take("acme", 1, kStart));
  std::thread([&] {
    ASSERT_TRUE(table.take("acme", 6400 - 102, kStart));
    ASSERT_FALSE(table.take("acme", 1, kStart));
  }).join();
  // 100 ms on, the 99 units left of the lease go back; the bucket has no room for a new lease, so
  // this take is exact.
  ASSERT_TRUE(table.take("acme", 1, kStart + 100'000'000));
  bool others_took_what_came_back = false;
  bool others_took_more = true;
  std::thread([&] {
    others_took_what_came_back = table.take("acme", 98, kStart + 100'000'000);
    others_took_more = table.take("acme", 1, kStart + 100'000'000);
  }).join();
  EXPECT_TRUE(others_took_what_came_back);
  EXPECT_FALSE(others_took_more);
}

TEST(LocalGcraTableTest, ASmallBurstHasNoLeases) {
  LocalGcraTable table(GcraRate{kSecond * 1000, 127}, 1000);
  ASSERT_TRUE(table.take("acme", 1, kStart));
  ASSERT_TRUE(table.take("acme", 1, kStart));
  bool others_took_the_rest = false;
  std::thread([&] { others_took_the_rest = table.take("acme", 125, kStart); }).join();
  EXPECT_TRUE(others_took_the_rest);
}

}  // namespace
}  // namespace smppd::plugins::ratelimit
