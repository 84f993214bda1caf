#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace smppd::async {

// What every worker changes for every message (counters, call gates, pause tokens) keeps one cache
// line per stripe, so that two cores do not pass one line back and forth: a thread always uses
// the same stripe. Workers claim the stripe of their index (claim_thread_stripe), so that up to
// kThreadStripes - 1 workers never share one; other threads take stripes in turn from the last
// down, passing over the stripes workers own.
//
// A worker that is its stripe's only user owns it: what only its owner writes needs no locked
// instruction (a counter's add is a load and a store). The last stripe is never owned, so that
// other threads always find one to share; a thread's stripe is given up when the thread ends.
inline constexpr size_t kThreadStripes = 8;

struct StripeOfThread {
  size_t index;
  bool owned;  // no other thread writes this stripe while this thread lives
};

namespace stripe_detail {
inline constexpr size_t kUnset = ~size_t{0};
inline constexpr uint32_t kOwned = UINT32_MAX;
inline constexpr size_t kShared = kThreadStripes - 1;  // never owned

// Per stripe: kOwned, or how many threads share it.
inline std::array<std::atomic<uint32_t>, kThreadStripes> users{};

// The stripe from `first` down (wrapping) that no thread owns, shared from now on.
inline size_t share_from(size_t first) noexcept {
  for (size_t step = 0;; ++step) {
    const size_t index = (first + kThreadStripes - step % kThreadStripes) % kThreadStripes;
    uint32_t count = users[index].load();
    while (count != kOwned) {
      if (users[index].compare_exchange_weak(count, count + 1)) return index;
    }
  }
}

struct ThreadStripe {
  StripeOfThread stripe{kUnset, false};

  void release() noexcept {
    if (stripe.index == kUnset) return;
    if (stripe.owned) {
      users[stripe.index].store(0);
    } else {
      users[stripe.index].fetch_sub(1);
    }
    stripe = {kUnset, false};
  }
  ~ThreadStripe() { release(); }
};

inline ThreadStripe& current() noexcept {
  thread_local ThreadStripe stripe;
  return stripe;
}
}  // namespace stripe_detail

inline StripeOfThread stripe_of_thread() noexcept {
  stripe_detail::ThreadStripe& self = stripe_detail::current();
  if (self.stripe.index == stripe_detail::kUnset) {
    static std::atomic<size_t> taken{0};
    const size_t first = kThreadStripes - 1 - taken.fetch_add(1, std::memory_order_relaxed) % kThreadStripes;
    self.stripe = {stripe_detail::share_from(first), false};
  }
  return self.stripe;
}

inline size_t thread_stripe() noexcept { return stripe_of_thread().index; }

// A worker thread, before it counts anything: the stripe of its index, owned when no other thread
// uses it (shared otherwise, as another thread's).
inline void claim_thread_stripe(size_t worker_index) noexcept {
  stripe_detail::ThreadStripe& self = stripe_detail::current();
  self.release();
  const size_t index = worker_index % kThreadStripes;
  uint32_t free = 0;
  if (index != stripe_detail::kShared && stripe_detail::users[index].compare_exchange_strong(free, stripe_detail::kOwned)) {
    self.stripe = {index, true};
  } else {
    self.stripe = {stripe_detail::share_from(index), false};
  }
}

}  // namespace smppd::async
