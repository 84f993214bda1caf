#include "host/stats/stats_store.h"

#include <algorithm>
#include <bit>
#include <new>

namespace smppd::stats {

const char* metric_type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "counter";
}

void Metric::record(uint64_t sample) {
  if (!histogram_stripes) return;  // not a histogram
  const async::StripeOfThread thread = async::stripe_of_thread();
  HistogramStripe& stripe = histogram_stripes[thread.index];
  const size_t index = std::min<size_t>(std::bit_width(sample), kHistogramBuckets);
  add_on_stripe(stripe.buckets[index], uint64_t{1}, thread.owned);
  add_on_stripe(stripe.sum, sample, thread.owned);
}

uint64_t Metric::bucket(size_t index) const {
  uint64_t total = 0;
  if (histogram_stripes && index <= kHistogramBuckets) {
    for (size_t i = 0; i < async::kThreadStripes; ++i) total += histogram_stripes[i].buckets[index].load(std::memory_order_relaxed);
  }
  return total;
}

uint64_t Metric::sum() const {
  uint64_t total = 0;
  if (histogram_stripes) {
    for (size_t i = 0; i < async::kThreadStripes; ++i) total += histogram_stripes[i].sum.load(std::memory_order_relaxed);
  }
  return total;
}

uint64_t Metric::count() const {
  uint64_t total = 0;
  for (size_t index = 0; index <= kHistogramBuckets; ++index) total += bucket(index);
  return total;
}

Metric* StatsStore::define(std::string_view name, MetricType type, std::string_view help, MetricLabels labels) {
  std::lock_guard lock(mutex_);
  if (auto it = by_name_.find(std::string(name)); it != by_name_.end()) {
    return it->second->type == type ? it->second : nullptr;
  }
  if (metrics_.size() >= kMaxMetrics) return nullptr;
  Metric& metric = metrics_.emplace_back();
  metric.name = std::string(name);
  metric.help = std::string(help);
  metric.type = type;
  metric.labels = std::move(labels);
  if (type == MetricType::histogram) metric.histogram_stripes = std::make_unique<HistogramStripe[]>(async::kThreadStripes);
  const auto id = static_cast<uint32_t>(metrics_.size() - 1);
  by_name_.emplace(metric.name, &metric);
  ids_.emplace(&metric, id);
  by_id_[id].store(&metric, std::memory_order_release);
  if (type == MetricType::counter) {
    metric.cells = counter_cells_.get() + id;
    is_counter_[id].store(true, std::memory_order_release);
  }
  return &metric;
}

int64_t* StatsStore::allocate_counter_cells() {
  void* cells = std::calloc(async::kThreadStripes * size_t{kMaxMetrics}, sizeof(int64_t));
  if (cells == nullptr) throw std::bad_alloc();
  return static_cast<int64_t*>(cells);
}

Metric& StatsStore::counter(std::string_view name, std::string_view help, MetricLabels labels) {
  Metric* metric = define(name, MetricType::counter, help, std::move(labels));
  // A host metric name used with two types is a programming error, caught by the tests.
  if (metric == nullptr) std::abort();
  return *metric;
}

Metric& StatsStore::gauge(std::string_view name, std::string_view help, MetricLabels labels) {
  Metric* metric = define(name, MetricType::gauge, help, std::move(labels));
  if (metric == nullptr) std::abort();
  return *metric;
}

Metric& StatsStore::histogram(std::string_view name, std::string_view help, MetricLabels labels) {
  Metric* metric = define(name, MetricType::histogram, help, std::move(labels));
  if (metric == nullptr) std::abort();
  return *metric;
}

uint32_t StatsStore::id_of(const Metric* metric) const {
  std::lock_guard lock(mutex_);
  auto it = ids_.find(metric);
  return it == ids_.end() ? kMaxMetrics : it->second;
}

Metric* StatsStore::by_id(uint32_t id) const {
  return id < kMaxMetrics ? by_id_[id].load(std::memory_order_acquire) : nullptr;
}

Metric* StatsStore::find(std::string_view name) const {
  std::lock_guard lock(mutex_);
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : it->second;
}

void StatsStore::for_each(const std::function<void(const Metric&)>& visit) const {
  std::lock_guard lock(mutex_);
  for (const Metric& metric : metrics_) visit(metric);
}

std::vector<MetricSnapshot> StatsStore::snapshot() const {
  std::vector<MetricSnapshot> result;
  std::lock_guard lock(mutex_);
  result.reserve(metrics_.size());
  for (const Metric& metric : metrics_) {
    MetricSnapshot& copy = result.emplace_back();
    copy.name = metric.name;
    copy.help = metric.help;
    copy.type = metric.type;
    copy.labels = metric.labels;
    copy.value = metric.get();
    if (metric.type == MetricType::histogram) {
      for (size_t i = 0; i < copy.buckets.size(); ++i) copy.buckets[i] = metric.bucket(i);
      copy.sum = metric.sum();
      // The buckets are read one by one while workers record: count what they hold, so that
      // the quantiles and the +Inf bucket agree.
      for (uint64_t bucket : copy.buckets) copy.count += bucket;
    }
  }
  return result;
}

double MetricSnapshot::quantile(double q) const {
  if (count == 0) return 0;
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(count);
  double seen = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i] == 0) continue;
    const double in_bucket = static_cast<double>(buckets[i]);
    if (seen + in_bucket >= target) {
      if (i == 0) return 0;
      const double lower = static_cast<double>(histogram_bucket_limit(i - 1));
      // The overflow bucket has no upper bound: report its lower one.
      if (i == kHistogramBuckets) return lower;
      const double upper = static_cast<double>(histogram_bucket_limit(i));
      return lower + (upper - lower) * (target - seen) / in_bucket;
    }
    seen += in_bucket;
  }
  return static_cast<double>(histogram_bucket_limit(kHistogramBuckets));
}

}  // namespace smppd::stats
