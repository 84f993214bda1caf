#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "host/async/thread_stripe.h"

namespace smppd::stats {

enum class MetricType : uint8_t { counter, gauge, histogram };

// "counter", "gauge", "histogram": the names /stats and Prometheus use.
const char* metric_type_name(MetricType type);

// How the Prometheus view names a stat: a family ("smppd_cluster_upstream_rq_total") and the names
// the dotted stat name embeds as labels ({cluster="sms-a"}). Empty family: derived from the name.
struct MetricLabels {
  std::string family;
  std::vector<std::pair<std::string, std::string>> labels;
};

// Latency and size histograms: power-of-two buckets are cheap to update from any thread and
// close enough for p50/p99 reporting; the admin API renders them as Prometheus buckets.
inline constexpr size_t kHistogramBuckets = 40;  // bucket i counts values below 2^i

// Metric ids run below this: the plugin ABI's ids, and the rows of the counter cells.
inline constexpr uint32_t kMaxMetrics = 1u << 16;

// Adds to a stripe's atomic (an std::atomic, or an std::atomic_ref of a counter cell): a load and
// a store where the thread owns the stripe (no other thread writes it), a locked add where threads
// share it.
template <typename Atomic, typename T>
inline void add_on_stripe(Atomic&& value, T delta, bool owned) noexcept {
  if (owned) {
    value.store(value.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
  } else {
    value.fetch_add(delta, std::memory_order_relaxed);
  }
}

// A histogram's buckets and sum as one thread stripe records them (the same reason as counters:
// the upstream latency is recorded for every message, from every worker).
struct alignas(64) HistogramStripe {
  std::array<std::atomic<uint64_t>, kHistogramBuckets + 1> buckets{};  // last: overflow
  std::atomic<uint64_t> sum{0};
};

struct Metric {
  std::string name;  // smppd.listener.smpp.downstream_cx_total
  std::string help;
  MetricType type = MetricType::counter;
  MetricLabels labels;  // set once at definition
  std::atomic<int64_t> value{0};  // gauge; a counter's set()
  // Counter: what add() added, one cell per thread stripe, kMaxMetrics apart (the store's counter
  // cells, StatsStore below).
  int64_t* cells = nullptr;
  // Histogram: one stripe per thread stripe, made by the store's histogram definition only (a
  // stripe is some 380 octets, and the process may define tens of thousands of counters).
  std::unique_ptr<HistogramStripe[]> histogram_stripes;

  // A counter's cell in thread stripe `stripe`.
  std::atomic_ref<int64_t> cell(size_t stripe) const noexcept {
    return std::atomic_ref<int64_t>(cells[stripe * kMaxMetrics]);
  }
  void add(int64_t delta) {
    if (type == MetricType::counter) {
      const async::StripeOfThread stripe = async::stripe_of_thread();
      add_on_stripe(cell(stripe.index), delta, stripe.owned);
    } else {
      value.fetch_add(delta, std::memory_order_relaxed);
    }
  }
  // A counter set to v reads v until the next add (the stripes start again from zero). Not while
  // workers add to it: an owner's add may write back what it read before.
  void set(int64_t v) {
    if (type == MetricType::counter) {
      for (size_t i = 0; i < async::kThreadStripes; ++i) cell(i).store(0, std::memory_order_relaxed);
    }
    value.store(v, std::memory_order_relaxed);
  }
  int64_t get() const {
    int64_t total = value.load(std::memory_order_relaxed);
    if (type == MetricType::counter) {
      for (size_t i = 0; i < async::kThreadStripes; ++i) total += cell(i).load(std::memory_order_relaxed);
    }
    return total;
  }
  void record(uint64_t sample);
  // A histogram's totals, summed over the stripes (each read one by one while workers record).
  uint64_t bucket(size_t index) const;
  uint64_t sum() const;
  uint64_t count() const;
};

// A metric's values read at one moment, for rendering without holding the store's lock.
struct MetricSnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::counter;
  MetricLabels labels;
  int64_t value = 0;
  std::array<uint64_t, kHistogramBuckets + 1> buckets{};
  uint64_t sum = 0;
  uint64_t count = 0;

  // The histogram's q-quantile (0..1), interpolated inside its power-of-two bucket; 0 when empty.
  double quantile(double q) const;
  // A counter or histogram that counted something, or a gauge that is not zero.
  bool used() const { return type == MetricType::histogram ? count > 0 : value != 0; }
};

// The upper bound of histogram bucket i: it holds values below 2^i (bucket 0 holds zeros).
inline uint64_t histogram_bucket_limit(size_t i) { return uint64_t{1} << i; }

// Every counter, gauge and histogram of the process, host's and plugins' alike, by name. Defining
// is done at startup or config time under a lock; updates are lock-free atomics from any thread.
// Metrics live as long as the process (a pointer or id stays valid).
class StatsStore {
 public:
  static constexpr uint32_t kMaxMetrics = stats::kMaxMetrics;

  // The metric with this name, created on first use. A name already defined with another type
  // answers nullptr.
  Metric* define(std::string_view name, MetricType type, std::string_view help = {}, MetricLabels labels = {});
  Metric& counter(std::string_view name, std::string_view help = {}, MetricLabels labels = {});
  Metric& gauge(std::string_view name, std::string_view help = {}, MetricLabels labels = {});
  Metric& histogram(std::string_view name, std::string_view help = {}, MetricLabels labels = {});

  // Ids for the plugin ABI: stable small integers, looked up without a lock.
  uint32_t id_of(const Metric* metric) const;
  Metric* by_id(uint32_t id) const;
  // A plugin's counter add by id: straight to the calling thread's stripe, without reading the
  // metric (its type sits on another cache line, a miss for every add). Other ids do nothing.
  void add_to_counter(uint32_t id, int64_t delta) const noexcept {
    if (id >= kMaxMetrics || !is_counter_[id].load(std::memory_order_acquire)) return;
    const async::StripeOfThread stripe = async::stripe_of_thread();
    add_on_stripe(std::atomic_ref<int64_t>(counter_cells_.get()[stripe.index * kMaxMetrics + id]), delta, stripe.owned);
  }

  Metric* find(std::string_view name) const;
  // Every metric, in definition order.
  void for_each(const std::function<void(const Metric&)>& visit) const;
  std::vector<MetricSnapshot> snapshot() const;

  // The process's store. Inline: plugins' counters reach it for every message.
  static StatsStore& process() {
    static StatsStore* store = new StatsStore();  // never destroyed: workers may still count at exit
    return *store;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Metric> metrics_;  // never moves its elements
  std::unordered_map<std::string, Metric*> by_name_;
  std::unordered_map<const Metric*, uint32_t> ids_;
  std::unique_ptr<std::atomic<Metric*>[]> by_id_ = std::make_unique<std::atomic<Metric*>[]>(kMaxMetrics);
  std::unique_ptr<std::atomic<bool>[]> is_counter_ = std::make_unique<std::atomic<bool>[]>(kMaxMetrics);
  // Every counter's value, a row of kMaxMetrics cells per thread stripe, by id: a thread's adds to
  // all the counters of a message fall on a few lines of its own row (a stripe per counter, the
  // layout before, put each on a line of its own, and a message's counters missed the cache). The
  // rows are calloc'd: pages of ids never defined stay untouched. Written through atomic_ref.
  struct FreeCells {
    void operator()(int64_t* cells) const noexcept { std::free(cells); }
  };
  std::unique_ptr<int64_t[], FreeCells> counter_cells_{allocate_counter_cells()};
  static int64_t* allocate_counter_cells();
};

}  // namespace smppd::stats
