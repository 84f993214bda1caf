// The receipt path's use of the state store, per message: a batch of two puts (forward and
// reverse id mapping, on submit_sm_resp), then a get (the receipt arrives and is correlated) and a
// batch of two deletes (the receipt was delivered). Messages per second through the embedded
// store with 1 and 2 caller threads, each a worker keeping a window of messages in flight,
// against an in-memory std::unordered_map + mutex doing the same five operations synchronously.
// docs/benchmarks.md has the numbers.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "fake_host.h"
#include "plugins/state/embedded/embedded_state_store.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;

constexpr uint64_t kMessagesPerThread = 50000;  // per benchmark iteration
constexpr uint64_t kWindow = 512;                // messages in flight per caller thread
constexpr auto kMappingTtl = 72h;                // how long a receipt may take

std::string message_id(uint64_t caller, uint64_t n) { return std::to_string(caller) + "-" + std::to_string(n); }
std::string upstream_id(uint64_t caller, uint64_t n) { return "7f3a9c" + std::to_string(caller * 1'000'000'000 + n); }

// The receipt path's keys (host/state/state_keys.h), spelled out: the plugin's bench has no host.
std::string id_map_key(const std::string& id) { return "idmap/" + id; }
std::string reverse_key(const std::string& upstream) { return "rev/smsc-a/" + upstream; }

std::filesystem::path fresh_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/smppd-state-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

// One caller thread's messages, each walking the receipt path through the store. The store
// answers on its own thread; each answer starts the message's next step from there, as a worker's
// continuation would after the host posted it back.
class ReceiptTraffic {
 public:
  ReceiptTraffic(EmbeddedStateStore& store, uint64_t caller, uint64_t first, uint64_t count)
      : store_(store), caller_(caller), next_(first), end_(first + count) {}

  void run() {
    for (uint64_t i = 0; i < kWindow && next_ < end_; ++i) start_message();
    std::unique_lock lock(mutex_);
    all_done_.wait(lock, [this] { return done_ == end_ - first_; });
  }
  uint64_t failures() const { return failures_.load(); }

 private:
  void start_message() {
    uint64_t n = 0;
    {
      std::lock_guard lock(mutex_);
      if (next_ >= end_) return;
      n = next_++;
    }
    std::string id = message_id(caller_, n);
    std::string upstream = upstream_id(caller_, n);
    std::vector<StateOp> mapping;
    mapping.push_back(op::Set{id_map_key(id), "smsc-a/" + upstream, kMappingTtl});
    mapping.push_back(op::Set{reverse_key(upstream), id, kMappingTtl});
    store_.execute(std::move(mapping), [this, id, upstream](BatchResult stored) {
      if (!stored.status.ok()) ++failures_;
      std::vector<StateOp> lookup;
      lookup.push_back(op::Get{id_map_key(id)});
      store_.execute(std::move(lookup), [this, id, upstream](BatchResult found) {
        if (!found.status.ok()) ++failures_;
        std::vector<StateOp> cleanup;
        cleanup.push_back(op::Delete{id_map_key(id)});
        cleanup.push_back(op::Delete{reverse_key(upstream)});
        store_.execute(std::move(cleanup), [this](BatchResult erased) {
          if (!erased.status.ok()) ++failures_;
          finish_message();
          start_message();
        });
      });
    });
  }

  void finish_message() {
    std::lock_guard lock(mutex_);
    if (++done_ == end_ - first_) all_done_.notify_all();
  }

  EmbeddedStateStore& store_;
  uint64_t caller_;
  std::mutex mutex_;
  std::condition_variable all_done_;
  uint64_t next_;
  const uint64_t first_ = next_;
  const uint64_t end_;
  uint64_t done_ = 0;
  std::atomic<uint64_t> failures_{0};
};

// Runs `body(caller)` on `threads` threads at once and answers the wall time it took.
template <typename Body>
double timed_on_threads(int threads, Body body) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> callers;
  for (int t = 0; t < threads; ++t) callers.emplace_back([&body, t] { body(static_cast<uint64_t>(t)); });
  for (std::thread& caller : callers) caller.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void BM_EmbeddedStore(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const bool sync_writes = state.range(1) != 0;
  const std::filesystem::path dir = fresh_dir();
  // Only for the store's metrics: batch_size says how many operations shared each round.
  smppd::testing::FakeHost host;
  EmbeddedStateStoreOptions options;
  options.path = dir / "db";
  options.sync_writes = sync_writes;
  options.host = cxx::Host(host.api(), host.plugin("embedded"));
  EmbeddedStateStore::Opened opened = EmbeddedStateStore::open(std::move(options));
  if (!opened.store) {
    state.SkipWithError(opened.error.c_str());
    return;
  }
  uint64_t round = 0;
  std::atomic<uint64_t> failures{0};
  for (auto _ : state) {
    const uint64_t first = round++ * kMessagesPerThread;
    state.SetIterationTime(timed_on_threads(threads, [&](uint64_t caller) {
      ReceiptTraffic traffic(*opened.store, caller, first, kMessagesPerThread);
      traffic.run();
      failures += traffic.failures();
    }));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * threads * kMessagesPerThread);
  const std::vector<uint64_t> rounds = host.histogram("batch_size");
  uint64_t ops = 0;
  for (const uint64_t size : rounds) ops += size;
  state.counters["ops_per_round"] =
      rounds.empty() ? 0.0 : static_cast<double>(ops) / static_cast<double>(rounds.size());
  state.counters["failures"] = static_cast<double>(failures.load());
  opened.store.reset();
  std::filesystem::remove_all(dir);
}

// The same five operations on a map behind a mutex, called directly: no queue, no disk.
class MapBaseline {
 public:
  void receipt_path(uint64_t caller, uint64_t n) {
    const std::string id = message_id(caller, n);
    const std::string upstream = upstream_id(caller, n);
    const std::string forward = id_map_key(id);
    const std::string reverse = reverse_key(upstream);
    {
      std::lock_guard lock(mutex_);
      map_[forward] = "smsc-a/" + upstream;
      map_[reverse] = id;
    }
    {
      std::lock_guard lock(mutex_);
      benchmark::DoNotOptimize(map_.find(forward));
    }
    std::lock_guard lock(mutex_);
    map_.erase(forward);
    map_.erase(reverse);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> map_;
};

void BM_MapBaseline(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  MapBaseline map;
  uint64_t round = 0;
  for (auto _ : state) {
    const uint64_t first = round++ * kMessagesPerThread;
    state.SetIterationTime(timed_on_threads(threads, [&](uint64_t caller) {
      for (uint64_t n = first; n < first + kMessagesPerThread; ++n) map.receipt_path(caller, n);
    }));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * threads * kMessagesPerThread);
}

BENCHMARK(BM_MapBaseline)->ArgName("threads")->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EmbeddedStore)
    ->ArgNames({"threads", "sync_writes"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace smppd::plugins::embedded
