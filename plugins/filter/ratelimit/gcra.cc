#include "plugins/filter/ratelimit/gcra.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "smppd/cxx/gcra.hpp"

namespace smppd::plugins::ratelimit {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

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
  if (amount < 0 || amount > rate.burst) return GcraStep{false, tat_ns};
  const cxx::GcraStep step = cxx::gcra_step(tat_ns, now_ns, amount, rate.interval_ns, rate.burst);
  return GcraStep{step.taken, step.tat};
}

int64_t gcra_refund(const GcraRate& rate, int64_t tat_ns, int64_t amount) {
  if (amount <= 0) return tat_ns;
  const int64_t back = cxx::gcra_detail::saturating_mul(amount, rate.interval_ns);
  return tat_ns - std::min(back, tat_ns);  // never below 0: a full bucket either way
}

}  // namespace smppd::plugins::ratelimit
