#include "host/admin/stats_view.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace smppd::admin {
namespace {

std::vector<stats::MetricSnapshot> sample(stats::StatsStore& store) {
  store.counter("smppd.b.count").add(7);
  store.counter("smppd.a.never");
  store.gauge("smppd.c.level").set(-2);
  stats::Metric& latency = store.histogram("smppd.d.time_us");
  for (uint64_t v : {100, 200, 300, 5000}) latency.record(v);
  return store.snapshot();
}

TEST(StatsView, TextIsSortedWithHistogramQuantiles) {
  stats::StatsStore store;
  auto metrics = sample(store);
  std::string error;
  ASSERT_TRUE(select_stats(metrics, {}, error));
  const std::string text = stats_text(metrics);
  EXPECT_EQ(text.find("smppd.a.never: 0\nsmppd.b.count: 7\nsmppd.c.level: -2\nsmppd.d.time_us: count=4 sum=5600 p50="), 0u)
      << text;
}

TEST(StatsView, FilterKeepsMatchingNamesAndUsedOnlyDropsUntouchedOnes) {
  stats::StatsStore store;
  auto metrics = sample(store);
  std::string error;
  auto filtered = metrics;
  ASSERT_TRUE(select_stats(filtered, {std::string("count$"), false}, error));
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0].name, "smppd.b.count");

  auto used = metrics;
  ASSERT_TRUE(select_stats(used, {std::nullopt, true}, error));
  ASSERT_EQ(used.size(), 3u);
  for (const auto& metric : used) EXPECT_NE(metric.name, "smppd.a.never");

  EXPECT_FALSE(select_stats(metrics, {std::string("(unclosed"), false}, error));
  EXPECT_NE(error.find("RE2"), std::string::npos);
}

TEST(StatsView, JsonHasValuesAndQuantiles) {
  stats::StatsStore store;
  auto metrics = sample(store);
  std::string error;
  ASSERT_TRUE(select_stats(metrics, {std::string("time_us"), false}, error));
  const std::string json = boost::json::serialize(stats_json(metrics));
  EXPECT_NE(json.find(R"("name":"smppd.d.time_us","type":"histogram","count":4,"sum":5600)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("p99":)"), std::string::npos);
}

TEST(StatsView, QuantilesLieInsideTheirPowerOfTwoBucket) {
  stats::StatsStore store;
  stats::Metric& latency = store.histogram("h");
  for (int i = 0; i < 99; ++i) latency.record(100);  // bucket [64, 128)
  latency.record(5000);                               // bucket [4096, 8192)
  const auto snapshot = store.snapshot();
  const double p50 = snapshot[0].quantile(0.5);
  EXPECT_GE(p50, 64);
  EXPECT_LT(p50, 128);
  const double p999 = snapshot[0].quantile(0.999);
  EXPECT_GE(p999, 4096);
  EXPECT_LT(p999, 8192);
  EXPECT_EQ(stats::MetricSnapshot{}.quantile(0.5), 0);
}

}  // namespace
}  // namespace smppd::admin
