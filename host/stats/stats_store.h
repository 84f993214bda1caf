#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smppd::stats {

enum class MetricType : uint8_t { counter, gauge, histogram };

// Latency and size histograms: power-of-two buckets are cheap to update from any thread and
// close enough for p50/p99 reporting; the admin API renders them as Prometheus buckets.
inline constexpr size_t kHistogramBuckets = 40;  // bucket i counts values below 2^i

struct Metric {
  std::string name;  // smppd.listener.smpp.downstream_cx_total
  std::string help;
  MetricType type = MetricType::counter;
  std::atomic<int64_t> value{0};                         // counter or gauge
  std::array<std::atomic<uint64_t>, kHistogramBuckets + 1> buckets{};  // histogram; last: overflow
  std::atomic<uint64_t> sum{0};
  std::atomic<uint64_t> count{0};

  void add(int64_t delta) { value.fetch_add(delta, std::memory_order_relaxed); }
  void set(int64_t v) { value.store(v, std::memory_order_relaxed); }
  int64_t get() const { return value.load(std::memory_order_relaxed); }
  void record(uint64_t sample);
};

// Every counter, gauge and histogram of the process, host's and plugins' alike, by name. Defining
// is done at startup or config time under a lock; updates are lock-free atomics from any thread.
// Metrics live as long as the process (a pointer or id stays valid).
class StatsStore {
 public:
  static constexpr uint32_t kMaxMetrics = 1u << 16;

  // The metric with this name, created on first use. A name already defined with another type
  // answers nullptr.
  Metric* define(std::string_view name, MetricType type, std::string_view help = {});
  Metric& counter(std::string_view name, std::string_view help = {});
  Metric& gauge(std::string_view name, std::string_view help = {});
  Metric& histogram(std::string_view name, std::string_view help = {});

  // Ids for the plugin ABI: stable small integers, looked up without a lock.
  uint32_t id_of(const Metric* metric) const;
  Metric* by_id(uint32_t id) const;

  Metric* find(std::string_view name) const;
  // Every metric, in definition order.
  void for_each(const std::function<void(const Metric&)>& visit) const;

  // The process's store.
  static StatsStore& process();

 private:
  mutable std::mutex mutex_;
  std::deque<Metric> metrics_;  // never moves its elements
  std::unordered_map<std::string, Metric*> by_name_;
  std::unordered_map<const Metric*, uint32_t> ids_;
  std::unique_ptr<std::atomic<Metric*>[]> by_id_ = std::make_unique<std::atomic<Metric*>[]>(kMaxMetrics);
};

}  // namespace smppd::stats
