#pragma once

#include <atomic>
#include <cstddef>

namespace smppd::async {

// What every worker changes for every message (counters, call gates, pause tokens) keeps one cache
// line per stripe, so that two cores do not pass one line back and forth: a thread always uses
// the same stripe. Workers claim the stripe of their index (claim_thread_stripe), so that up to
// kThreadStripes workers never share one; other threads take stripes in turn from the last down.
inline constexpr size_t kThreadStripes = 8;

namespace stripe_detail {
inline constexpr size_t kUnset = ~size_t{0};
inline size_t& slot() noexcept {
  thread_local size_t stripe = kUnset;
  return stripe;
}
}  // namespace stripe_detail

inline size_t thread_stripe() noexcept {
  size_t& stripe = stripe_detail::slot();
  if (stripe == stripe_detail::kUnset) {
    static std::atomic<size_t> taken{0};
    stripe = kThreadStripes - 1 - taken.fetch_add(1, std::memory_order_relaxed) % kThreadStripes;
  }
  return stripe;
}

// A worker thread, before it counts anything: the stripe of its index.
inline void claim_thread_stripe(size_t worker_index) noexcept { stripe_detail::slot() = worker_index % kThreadStripes; }

}  // namespace smppd::async
