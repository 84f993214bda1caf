#pragma once

#include <atomic>
#include <cstdint>

namespace smppd::state {

// Lets calls into something run at once from any thread without a lock, and lets its owner shut
// it: shut() refuses later calls and waits until the calls inside have left, so that what they
// use may then be freed. A plugin backend's store pointer, say, which the plugin frees in close.
class CallGate {
 public:
  constexpr CallGate() noexcept = default;
  // A gate that starts shut: nothing behind it yet.
  constexpr explicit CallGate(bool shut) noexcept : shut_(shut) {}

  // True when the call may go on; it then calls leave() once done.
  bool enter() noexcept {
    inside_.fetch_add(1);
    if (shut_.load()) {
      leave();
      return false;
    }
    return true;
  }

  void leave() noexcept {
    if (inside_.fetch_sub(1) == 1) inside_.notify_all();
  }

  // Never from inside a call (it would wait for itself).
  void shut() noexcept {
    shut_.store(true);
    for (uint32_t inside = inside_.load(); inside != 0; inside = inside_.load()) inside_.wait(inside);
  }

  // Lets calls in again (a new store behind the gate).
  void reopen() noexcept { shut_.store(false); }

 private:
  // Both sequentially consistent: a call's increment and the owner's shut are ordered, so either
  // the call sees the gate shut or shut() sees the call inside.
  std::atomic<bool> shut_{false};
  std::atomic<uint32_t> inside_{0};
};

}  // namespace smppd::state
