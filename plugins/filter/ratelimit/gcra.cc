#include "plugins/filter/ratelimit/gcra.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace smppd::plugins::ratelimit {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

int64_t saturating_mul(int64_t a, int64_t b) {
  int64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? kMax : product;
}

int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? kMax : sum;
}

}  // namespace

GcraRate gcra_rate(double rate, bool per_minute, int64_t burst) {
  const double period_ns = per_minute ? 60e9 : 1e9;
  const double interval = rate > 0 ? std::round(period_ns / rate) : static_cast<double>(kMax);
  GcraRate result;
  result.interval_ns = interval >= static_cast<double>(kMax) ? kMax : std::max<int64_t>(1, static_cast<int64_t>(interval));
  result.burst = std::max<int64_t>(1, burst);
  return result;
}

GcraStep gcra_take(const GcraRate& rate, int64_t tat_ns, int64_t now_ns, int64_t amount) {
  GcraStep step{false, tat_ns};
  if (amount < 0 || amount > rate.burst) return step;
  const int64_t start = std::max(tat_ns, now_ns);
  const int64_t backlog = start - now_ns;
  const int64_t allowance = saturating_mul(rate.burst - amount, rate.interval_ns);
  if (backlog > allowance) return step;
  step.taken = true;
  step.tat_ns = saturating_add(start, saturating_mul(amount, rate.interval_ns));
  return step;
}

int64_t gcra_refund(const GcraRate& rate, int64_t tat_ns, int64_t amount) {
  if (amount <= 0) return tat_ns;
  const int64_t back = saturating_mul(amount, rate.interval_ns);
  return tat_ns - std::min(back, tat_ns);  // never below 0: a full bucket either way
}

}  // namespace smppd::plugins::ratelimit
