#pragma once

#include <atomic>
#include <cstdint>

#include "host/async/thread_stripe.h"

namespace smppd::state {

// Lets calls into something run at once from any thread without a lock, and lets its owner shut
// it: shut() refuses later calls and waits until the calls inside have left, so that what they
// use may then be freed. A plugin backend's store pointer, say, which the plugin frees in close.
class CallGate {
 public:
  constexpr CallGate() noexcept = default;
  // A gate that starts shut: nothing behind it yet.
  constexpr explicit CallGate(bool shut) noexcept : shut_(shut) {}

  // True when the call may go on; it then calls leave() once done, on the same thread.
  bool enter() noexcept {
    inside_[async::thread_stripe()].count.fetch_add(1);
    if (shut_.load()) {
      leave();
      return false;
    }
    return true;
  }

  void leave() noexcept {
    Stripe& stripe = inside_[async::thread_stripe()];
    if (stripe.count.fetch_sub(1) == 1) stripe.count.notify_all();
  }

  // enter() and leave() as a scope: the call leaves on every path out, an exception's too (a call
  // that never left would keep shut() waiting for ever).
  class Pass {
   public:
    explicit Pass(CallGate& gate) noexcept : gate_(gate.enter() ? &gate : nullptr) {}
    ~Pass() {
      if (gate_ != nullptr) gate_->leave();
    }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    // False when the gate was shut: the call must not go on.
    explicit operator bool() const noexcept { return gate_ != nullptr; }

   private:
    CallGate* gate_;
  };

  // Never from inside a call (it would wait for itself).
  void shut() noexcept {
    shut_.store(true);
    for (Stripe& stripe : inside_) {
      for (uint32_t inside = stripe.count.load(); inside != 0; inside = stripe.count.load()) stripe.count.wait(inside);
    }
  }

  // Lets calls in again (a new store behind the gate).
  void reopen() noexcept { shut_.store(false); }

  // Whether shut() was called: a hint, for answers that need nothing behind the gate.
  bool is_shut() const noexcept { return shut_.load(std::memory_order_relaxed); }

 private:
  // Every worker enters for every message: the calls inside are counted per thread stripe, so
  // that workers do not pass one cache line back and forth.
  struct alignas(64) Stripe {
    std::atomic<uint32_t> count{0};
  };
  // All sequentially consistent: a call's increment and the owner's shut are ordered, so either
  // the call sees the gate shut or shut() sees the call inside (in its stripe, read after the
  // shut). A call entering later sees the gate shut and leaves.
  std::atomic<bool> shut_{false};
  Stripe inside_[async::kThreadStripes];
};

}  // namespace smppd::state
