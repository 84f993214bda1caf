// The generic cell rate algorithm (GCRA), the token bucket of rate limits without a refill timer,
// for every plugin that limits a rate (ratelimit in memory, the embedded store for GCRA_TAKE): a
// limit of one unit per `interval` with bursts of up to `burst` units is one number, the
// theoretical arrival time (TAT) at which the bucket is full again. A take of n units is allowed
// while TAT - now <= (burst - n) * interval, and moves TAT to max(TAT, now) + n * interval.
// Header-only, like the rest of smppd/cxx; any one time unit for all arguments.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

namespace smppd::cxx {

struct GcraStep {
  bool taken = false;
  int64_t tat = 0;        // taken: the new TAT; refused: the one given
  int64_t backlog = 0;    // how far ahead of now the bucket's debt reached before this take
  int64_t allowance = 0;  // how far ahead it may reach for this take
};

namespace gcra_detail {
inline constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
// For non-negative operands only: the result, or kMax when it would not fit.
inline int64_t saturating_mul(int64_t a, int64_t b) {
  int64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? kMax : product;
}
inline int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? kMax : sum;
}
}  // namespace gcra_detail

// `tat` is the stored TAT, 0 for none (a full bucket); `interval` > 0, `burst` >= 1 and
// 0 <= `amount` <= `burst` (the caller refuses more). Saturates instead of overflowing.
inline GcraStep gcra_step(int64_t tat, int64_t now, int64_t amount, int64_t interval, int64_t burst) {
  GcraStep step;
  step.tat = tat;
  const int64_t start = std::max(tat, now);
  step.backlog = start - now;
  step.allowance = gcra_detail::saturating_mul(burst - amount, interval);
  if (step.backlog > step.allowance) return step;
  step.taken = true;
  step.tat = gcra_detail::saturating_add(start, gcra_detail::saturating_mul(amount, interval));
  return step;
}

}  // namespace smppd::cxx
