#include "host/stats/stats_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace smppd::stats {
namespace {

TEST(StatsStore, DefineOnceByNameAndType) {
  StatsStore store;
  Metric* a = store.define("smppd.test.a", MetricType::counter, "help");
  EXPECT_EQ(store.define("smppd.test.a", MetricType::counter), a);
  EXPECT_EQ(store.define("smppd.test.a", MetricType::gauge), nullptr) << "one name, one type";
  EXPECT_EQ(store.by_id(store.id_of(a)), a);
  EXPECT_EQ(store.find("smppd.test.a"), a);
  EXPECT_EQ(store.find("smppd.test.none"), nullptr);
}

TEST(StatsStore, CountersFromManyThreads) {
  StatsStore store;
  Metric& counter = store.counter("smppd.test.count");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) counter.add(1);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.get(), 40000);
}

TEST(StatsStore, CountersOnTwoThreadsAddOnDifferentLines) {
  StatsStore store;
  Metric& counter = store.counter("smppd.test.striped");
  std::thread([&] { counter.add(1); }).join();
  std::thread([&] { counter.add(2); }).join();
  int used = 0;
  for (size_t stripe = 0; stripe < async::kThreadStripes; ++stripe) used += counter.cell(stripe).load() != 0 ? 1 : 0;
  EXPECT_EQ(used, 2) << "two workers in turn must not share a stripe";
  EXPECT_EQ(counter.get(), 3);
}

// A thread's adds to a message's counters land on a few cache lines of its own: in one thread
// stripe, counters defined one after another sit side by side, and stripes are rows kMaxMetrics
// apart (no line is shared between two stripes).
TEST(StatsStore, AThreadsCountersSitSideBySide) {
  StatsStore store;
  Metric& first = store.counter("smppd.test.first");
  store.gauge("smppd.test.between");
  Metric& second = store.counter("smppd.test.second");
  for (size_t stripe = 0; stripe < async::kThreadStripes; ++stripe) {
    const auto* a = reinterpret_cast<const char*>(&first.cells[stripe * kMaxMetrics]);
    const auto* b = reinterpret_cast<const char*>(&second.cells[stripe * kMaxMetrics]);
    EXPECT_EQ(b - a, 2 * static_cast<std::ptrdiff_t>(sizeof(int64_t))) << "stripe " << stripe;
  }
  EXPECT_GE(sizeof(int64_t) * kMaxMetrics, 64u);
  // The plugin ABI's add (by id) and the host's (by metric) count on the same cells.
  first.add(2);
  store.add_to_counter(store.id_of(&first), 3);
  store.add_to_counter(store.id_of(store.find("smppd.test.between")), 100);
  EXPECT_EQ(first.get(), 5);
  EXPECT_EQ(store.find("smppd.test.between")->get(), 0);
  EXPECT_EQ(second.get(), 0);
}

TEST(StatsStore, ACounterSetReadsTheValueSetThenCountsOn) {
  StatsStore store;
  Metric& counter = store.counter("smppd.test.reset");
  std::thread([&] { counter.add(5); }).join();
  counter.add(2);
  EXPECT_EQ(counter.get(), 7);
  counter.set(100);
  EXPECT_EQ(counter.get(), 100);
  counter.add(1);
  EXPECT_EQ(counter.get(), 101);
  Metric& gauge = store.gauge("smppd.test.level");
  gauge.set(10);
  gauge.add(-3);
  EXPECT_EQ(gauge.get(), 7);
}

TEST(StatsStore, HistogramBuckets) {
  StatsStore store;
  Metric& histogram = store.histogram("smppd.test.latency_us");
  histogram.record(0);
  histogram.record(1);
  histogram.record(1000);
  EXPECT_EQ(histogram.count(), 3u);
  EXPECT_EQ(histogram.sum(), 1001u);
  EXPECT_EQ(histogram.bucket(0), 1u);   // 0
  EXPECT_EQ(histogram.bucket(1), 1u);   // 1
  EXPECT_EQ(histogram.bucket(10), 1u);  // 512..1023
}

TEST(StatsStore, AHistogramRecordedFromManyThreadsAddsUp) {
  StatsStore store;
  Metric& histogram = store.histogram("smppd.test.spread_us");
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {  // more threads than stripes: some share one
    threads.emplace_back([&histogram] {
      for (int i = 0; i < 1000; ++i) histogram.record(3);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(histogram.count(), 12000u);
  EXPECT_EQ(histogram.sum(), 36000u);
  EXPECT_EQ(histogram.bucket(2), 12000u);  // 2..3
  const auto snapshot = store.snapshot();
  const auto found = std::find_if(snapshot.begin(), snapshot.end(), [](const MetricSnapshot& m) { return m.name == "smppd.test.spread_us"; });
  ASSERT_NE(found, snapshot.end());
  EXPECT_EQ(found->count, 12000u);
  EXPECT_EQ(found->sum, 36000u);
}

// Workers that own their stripes add without a locked instruction, beside threads that share
// stripes (more of them than stripes) and a second pool's workers that find theirs owned: not an
// add is lost.
TEST(StatsStore, OwnersAndSharersCountingAtOnceLoseNothing) {
  StatsStore store;
  Metric& counter = store.counter("smppd.test.mixed");
  Metric& histogram = store.histogram("smppd.test.mixed_us");
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&counter, &histogram, t] {
      if (t < 6) async::claim_thread_stripe(static_cast<size_t>(t % 3));  // two pools of three workers
      for (int i = 0; i < 20'000; ++i) {
        counter.add(1);
        histogram.record(5);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.get(), 16 * 20'000);
  EXPECT_EQ(histogram.count(), 16u * 20'000u);
  EXPECT_EQ(histogram.sum(), 16u * 20'000u * 5u);
}

}  // namespace
}  // namespace smppd::stats
