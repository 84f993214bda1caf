#include "tools/smpp-bench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace smppd::tools::bench {

size_t LatencyHistogram::bucket_of(uint64_t nanoseconds) {
  if (nanoseconds < kSubBuckets) return static_cast<size_t>(nanoseconds);
  const unsigned exponent = static_cast<unsigned>(std::bit_width(nanoseconds)) - 1;  // >= kSubBucketBits
  const unsigned shift = exponent - kSubBucketBits;
  const size_t sub_bucket = static_cast<size_t>(nanoseconds >> shift) - kSubBuckets;
  return (shift + 1) * kSubBuckets + sub_bucket;
}

uint64_t LatencyHistogram::bucket_upper_edge(size_t bucket) {
  if (bucket < kSubBuckets) return bucket;
  const size_t shift = bucket / kSubBuckets - 1;
  const uint64_t lower = static_cast<uint64_t>(kSubBuckets + bucket % kSubBuckets) << shift;
  return lower + ((uint64_t{1} << shift) - 1);
}

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
  const uint64_t value = latency.count() > 0 ? static_cast<uint64_t>(latency.count()) : 0;
  ++buckets_[bucket_of(value)];
  ++count_;
  sum_ += value;
  max_ = std::max(max_, value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < kBucketCount; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

std::chrono::nanoseconds LatencyHistogram::mean() const {
  return std::chrono::nanoseconds(count_ == 0 ? 0 : static_cast<int64_t>(sum_ / count_));
}

std::chrono::nanoseconds LatencyHistogram::percentile(double quantile) const {
  if (count_ == 0) return std::chrono::nanoseconds(0);
  const double wanted = std::ceil(std::clamp(quantile, 0.0, 1.0) * static_cast<double>(count_));
  const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
  uint64_t seen = 0;
  for (size_t i = 0; i < kBucketCount; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::chrono::nanoseconds(static_cast<int64_t>(std::min(bucket_upper_edge(i), max_)));
  }
  return max();
}

}  // namespace smppd::tools::bench
