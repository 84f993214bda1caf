#include "tools/smpp-bench/latency_histogram.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

namespace smppd::tools::bench {
namespace {

using std::chrono::nanoseconds;

TEST(LatencyHistogramTest, EveryValueFallsInABucketWhoseEdgesHoldIt) {
  for (uint64_t value : {0ull, 1ull, 31ull, 32ull, 33ull, 63ull, 64ull, 65ull, 1000ull, 123456789ull, 1ull << 40,
                         (1ull << 63) + 12345ull, ~0ull}) {
    const size_t bucket = LatencyHistogram::bucket_of(value);
    ASSERT_LT(bucket, LatencyHistogram::kBucketCount) << value;
    EXPECT_LE(value, LatencyHistogram::bucket_upper_edge(bucket)) << value;
    if (bucket > 0) {
      EXPECT_GT(value, LatencyHistogram::bucket_upper_edge(bucket - 1)) << value;
    }
  }
}

TEST(LatencyHistogramTest, PercentilesAreWithinOneThirtySecondOfTheTrueValue) {
  LatencyHistogram histogram;
  for (int64_t us = 1; us <= 100000; ++us) histogram.record(std::chrono::microseconds(us));
  const struct {
    double quantile;
    int64_t exact_ns;
  } cases[] = {{0.5, 50000000}, {0.9, 90000000}, {0.99, 99000000}, {0.999, 99900000}};
  for (const auto& c : cases) {
    const int64_t got = histogram.percentile(c.quantile).count();
    EXPECT_GE(got, c.exact_ns) << c.quantile;
    EXPECT_LE(got, c.exact_ns + c.exact_ns / 32) << c.quantile;
  }
  EXPECT_EQ(histogram.max(), std::chrono::milliseconds(100));
  EXPECT_EQ(histogram.percentile(1.0), histogram.max());
}

TEST(LatencyHistogramTest, MergingAddsCountsAndKeepsTheLargerMax) {
  LatencyHistogram fast;
  LatencyHistogram slow;
  for (int i = 0; i < 90; ++i) fast.record(nanoseconds(1000));
  for (int i = 0; i < 10; ++i) slow.record(nanoseconds(1000000));
  fast.merge(slow);
  EXPECT_EQ(fast.count(), 100u);
  EXPECT_EQ(fast.max(), nanoseconds(1000000));
  EXPECT_LE(fast.percentile(0.9).count(), 1000 + 1000 / 32);
  EXPECT_GE(fast.percentile(0.91).count(), 1000000 - 1000000 / 32);
}

TEST(LatencyHistogramTest, EmptyHistogramReportsZero) {
  LatencyHistogram histogram;
  EXPECT_EQ(histogram.percentile(0.99), nanoseconds(0));
  EXPECT_EQ(histogram.mean(), nanoseconds(0));
}

}  // namespace
}  // namespace smppd::tools::bench
