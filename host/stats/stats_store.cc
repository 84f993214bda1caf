#include "host/stats/stats_store.h"

#include <bit>

namespace smppd::stats {

void Metric::record(uint64_t sample) {
  const size_t bucket = std::min<size_t>(std::bit_width(sample), kHistogramBuckets);
  buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  sum.fetch_add(sample, std::memory_order_relaxed);
  count.fetch_add(1, std::memory_order_relaxed);
}

Metric* StatsStore::define(std::string_view name, MetricType type, std::string_view help) {
  std::lock_guard lock(mutex_);
  if (auto it = by_name_.find(std::string(name)); it != by_name_.end()) {
    return it->second->type == type ? it->second : nullptr;
  }
  if (metrics_.size() >= kMaxMetrics) return nullptr;
  Metric& metric = metrics_.emplace_back();
  metric.name = std::string(name);
  metric.help = std::string(help);
  metric.type = type;
  const auto id = static_cast<uint32_t>(metrics_.size() - 1);
  by_name_.emplace(metric.name, &metric);
  ids_.emplace(&metric, id);
  by_id_[id].store(&metric, std::memory_order_release);
  return &metric;
}

Metric& StatsStore::counter(std::string_view name, std::string_view help) {
  Metric* metric = define(name, MetricType::counter, help);
  // A host metric name used with two types is a programming error, caught by the tests.
  if (metric == nullptr) std::abort();
  return *metric;
}

Metric& StatsStore::gauge(std::string_view name, std::string_view help) {
  Metric* metric = define(name, MetricType::gauge, help);
  if (metric == nullptr) std::abort();
  return *metric;
}

Metric& StatsStore::histogram(std::string_view name, std::string_view help) {
  Metric* metric = define(name, MetricType::histogram, help);
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

StatsStore& StatsStore::process() {
  static StatsStore* store = new StatsStore();  // never destroyed: workers may still count at exit
  return *store;
}

}  // namespace smppd::stats
