#include "host/router/thread_random.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace smppd::router {
namespace {

// splitmix64: a full 2^64 period and good output from any seed, including consecutive ones.
uint64_t next_splitmix64(uint64_t& state) {
  uint64_t mixed = (state += 0x9E3779B97F4A7C15ull);
  mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9ull;
  mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBull;
  return mixed ^ (mixed >> 31);
}

// Different for every thread and every run, without std::random_device (which may throw).
uint64_t thread_seed() {
  static std::atomic<uint64_t> threads_seeded{0};
  const auto now = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  const uint64_t thread = std::hash<std::thread::id>{}(std::this_thread::get_id());
  return now ^ (thread << 1) ^ (threads_seeded.fetch_add(1, std::memory_order_relaxed) * 0xD1B54A32D192ED03ull);
}

}  // namespace

uint64_t thread_random() {
  thread_local uint64_t state = thread_seed();
  return next_splitmix64(state);
}

}  // namespace smppd::router
