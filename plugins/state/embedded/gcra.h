#pragma once

#include <cstdint>

namespace smppd::plugins::embedded {

// The generic cell rate algorithm (GCRA), the token bucket of rate limits without a refill timer:
// a limit of one unit per `interval_us` with bursts of up to `burst` units is one number, the
// theoretical arrival time (TAT) at which the bucket is full again. A take of n units is allowed
// while TAT - now <= (burst - n) * interval, and moves TAT to max(TAT, now) + n * interval.
struct GcraDecision {
  bool taken = false;
  // Taken: the new TAT to store (unchanged for a take of 0 units).
  int64_t tat_us = 0;
  // Taken: the units still available now. Refused: the milliseconds until `amount` units are
  // (rounded up, so a retry after that long succeeds), or -1 when never (amount above burst).
  int64_t number = 0;
};

// `tat_us` is the stored TAT, or 0 when there is none (a full bucket); `interval_us` > 0,
// `burst` >= 1 and `amount` >= 0 (check_c_op). Saturates instead of overflowing.
GcraDecision gcra_take(int64_t now_us, int64_t tat_us, int64_t amount, int64_t interval_us, int64_t burst);

}  // namespace smppd::plugins::embedded
