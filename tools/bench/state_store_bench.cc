// The receipt path's use of the state store, per message: a batch of two puts (forward and
// reverse id mapping, on submit_sm_resp), then a get (the receipt arrives and is correlated) and a
// batch of two deletes (the receipt was delivered). Messages per second through the embedded
// store with 1 and 2 caller threads, each a worker keeping a window of messages in flight,
// against an in-memory std::unordered_map + mutex doing the same five operations synchronously.
// docs/benchmarks.md has the numbers.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "host/state/embedded_state_store.h"
#include "host/state/state_keys.h"

namespace smppd::state {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr uint64_t kMessagesPerThread = 50000;  // per benchmark iteration
constexpr uint64_t kWindow = 512;                // messages in flight per caller thread
constexpr auto kMappingTtl = 72h;                // how long a receipt may take

std::string message_id(uint64_t caller, uint64_t n) { return std::to_string(caller) + "-" + std::to_string(n); }
std::string upstream_id(uint64_t caller, uint64_t n) { return "7f3a9c" + std::to_string(caller * 1'000'000'000 + n); }

std::filesystem::path fresh_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/smppd-state-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

// One caller thread's messages, each walking the receipt path through the store.
class ReceiptTraffic {
 public:
  ReceiptTraffic(StateStore& store, uint64_t caller, uint64_t first, uint64_t count)
      : store_(store), caller_(caller), next_(first), end_(first + count) {}

  void run() {
    for (uint64_t i = 0; i < kWindow && next_ < end_; ++i) start_message();
    io_.run();
  }
  uint64_t failures() const { return failures_; }

 private:
  void start_message() {
    const uint64_t n = next_++;
    std::string id = message_id(caller_, n);
    std::string upstream = upstream_id(caller_, n);
    std::vector<StateOp> mapping;
    mapping.push_back(op::Set{keys::id_map(id), "smsc-a/" + upstream, kMappingTtl});
    mapping.push_back(op::Set{keys::reverse_id("smsc-a", upstream), id, kMappingTtl});
    store_.execute(std::move(mapping), io_.get_executor(), [this, id, upstream](BatchResult stored) {
      if (!stored.status.ok()) ++failures_;
      store_.run(op::Get{keys::id_map(id)}, io_.get_executor(), [this, id, upstream](StateResult found) {
        if (!found.status.ok()) ++failures_;
        std::vector<StateOp> cleanup;
        cleanup.push_back(op::Delete{keys::id_map(id)});
        cleanup.push_back(op::Delete{keys::reverse_id("smsc-a", upstream)});
        store_.execute(std::move(cleanup), io_.get_executor(), [this](BatchResult erased) {
          if (!erased.status.ok()) ++failures_;
          if (next_ < end_) start_message();
        });
      });
    });
  }

  StateStore& store_;
  asio::io_context io_;
  uint64_t caller_;
  uint64_t next_;
  uint64_t end_;
  uint64_t failures_ = 0;
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
  stats::StatsStore stats;
  EmbeddedStateStoreOptions options;
  options.path = dir / "db";
  options.sync_writes = sync_writes;
  options.stats = &stats;
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
  const stats::Metric* rounds = stats.find("smppd.state.batch_size");
  state.counters["ops_per_round"] =
      rounds->count.load() == 0 ? 0.0 : static_cast<double>(rounds->sum.load()) / static_cast<double>(rounds->count.load());
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
    const std::string forward = keys::id_map(id);
    const std::string reverse = keys::reverse_id("smsc-a", upstream);
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
}  // namespace smppd::state
