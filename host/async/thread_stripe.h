#pragma once

#include <atomic>
#include <cstddef>

namespace smppd::async {

// What every worker changes for every message (counters, call gates, pause tokens) keeps one cache
// line per stripe, so that two cores do not pass one line back and forth: a thread always uses
// the same stripe, and threads take stripes in turn as they first ask.
inline constexpr size_t kThreadStripes = 8;

inline size_t thread_stripe() noexcept {
  static std::atomic<size_t> next{0};
  thread_local const size_t stripe = next.fetch_add(1, std::memory_order_relaxed) % kThreadStripes;
  return stripe;
}

}  // namespace smppd::async
