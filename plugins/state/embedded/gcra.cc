#include "plugins/state/embedded/gcra.h"

#include <algorithm>
#include <limits>

namespace smppd::plugins::embedded {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// For non-negative operands only: the result, or kMax when it would not fit.
int64_t saturating_mul(int64_t a, int64_t b) {
  int64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? kMax : product;
}
int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? kMax : sum;
}

}  // namespace

GcraDecision gcra_take(int64_t now_us, int64_t tat_us, int64_t amount, int64_t interval_us, int64_t burst) {
  GcraDecision decision;
  if (amount > burst) {
    decision.number = -1;  // more than the bucket holds when full: never
    return decision;
  }
  const int64_t start = std::max(tat_us, now_us);
  const int64_t backlog = start - now_us;  // how far ahead of now the bucket's debt reaches
  const int64_t allowance = saturating_mul(burst - amount, interval_us);
  if (backlog > allowance) {
    const int64_t wait_us = backlog - allowance;
    decision.number = wait_us / 1000 + (wait_us % 1000 != 0 ? 1 : 0);
    return decision;
  }
  decision.taken = true;
  decision.tat_us = saturating_add(start, saturating_mul(amount, interval_us));
  // Units left: those of the burst not taken now, less every unit (whole or begun) the debt before
  // this take still holds. No product: a saturated allowance would undercount.
  decision.number = burst - amount - (backlog / interval_us + (backlog % interval_us != 0 ? 1 : 0));
  return decision;
}

}  // namespace smppd::plugins::embedded
