#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace smppd::tools::bench {

// Paces the sends of all sessions on all threads to one rate. It is a token bucket kept the way
// the generic cell rate algorithm keeps it: one atomic "theoretical arrival time", so taking
// tokens is a compare-and-swap, never a lock, and an idle period earns at most `burst` of credit.
class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  struct Grant {
    uint32_t tokens = 0;
    Clock::time_point retry_at;  // when none were granted: when the next one is due
  };

  // `burst` is raised to one token's interval when shorter, so a slow rate still sends.
  TokenBucket(double tokens_per_second, std::chrono::nanoseconds burst, Clock::time_point epoch = Clock::now());

  // Up to `wanted` tokens at `now`.
  Grant take(uint32_t wanted, Clock::time_point now);

 private:
  using Picoseconds = std::chrono::duration<int64_t, std::pico>;

  Clock::time_point epoch_;
  int64_t interval_ps_;
  int64_t burst_ps_;
  std::atomic<int64_t> theoretical_arrival_ps_{0};
};

}  // namespace smppd::tools::bench
