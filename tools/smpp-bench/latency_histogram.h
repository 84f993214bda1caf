#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace smppd::tools::bench {

// Latencies in fixed log-linear buckets (the layout of HdrHistogram): every power of two of
// nanoseconds is cut into 32 equal buckets, so a percentile is exact to 1/32 (3.1%) of its value,
// from 1 ns to the 64-bit limit, in 15 KiB. Recording is an index computation and an increment;
// histograms of several threads merge by adding their buckets.
class LatencyHistogram {
 public:
  static constexpr unsigned kSubBucketBits = 5;
  static constexpr size_t kSubBuckets = size_t{1} << kSubBucketBits;
  static constexpr size_t kBucketCount = (64 - kSubBucketBits + 1) * kSubBuckets;

  void record(std::chrono::nanoseconds latency);
  void merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  std::chrono::nanoseconds max() const { return std::chrono::nanoseconds(max_); }
  std::chrono::nanoseconds mean() const;
  // The value at or below which a fraction `quantile` (0..1] of the recordings lie: the upper
  // edge of the bucket holding it, never above max(). Zero when nothing was recorded.
  std::chrono::nanoseconds percentile(double quantile) const;

  // Exposed for the tests: a value's bucket and the largest value a bucket holds.
  static size_t bucket_of(uint64_t nanoseconds);
  static uint64_t bucket_upper_edge(size_t bucket);

 private:
  std::array<uint64_t, kBucketCount> buckets_{};
  uint64_t count_ = 0;
  uint64_t max_ = 0;
  uint64_t sum_ = 0;
};

}  // namespace smppd::tools::bench
