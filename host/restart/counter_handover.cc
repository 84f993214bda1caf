#include "host/restart/counter_handover.h"

namespace smppd::restart {

std::vector<CounterValue> CounterHandover::take_growth(const stats::StatsStore& store) {
  std::vector<CounterValue> growth;
  store.for_each([&](const stats::Metric& metric) {
    if (metric.type != stats::MetricType::counter) return;
    const int64_t value = metric.get();
    int64_t& before = handed_over_[metric.name];
    if (value != before) growth.push_back({metric.name, value - before});
    before = value;
  });
  return growth;
}

size_t add_counters(stats::StatsStore& store, const std::vector<CounterValue>& counters) {
  size_t added = 0;
  for (const CounterValue& counter : counters) {
    stats::Metric* metric = store.find(counter.name);
    if (metric == nullptr) metric = store.define(counter.name, stats::MetricType::counter);
    if (metric == nullptr || metric->type != stats::MetricType::counter) continue;
    metric->add(counter.value);
    ++added;
  }
  return added;
}

}  // namespace smppd::restart
