#include "tools/smpp-bench/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace smppd::tools::bench {

TokenBucket::TokenBucket(double tokens_per_second, std::chrono::nanoseconds burst, Clock::time_point epoch)
    : epoch_(epoch),
      // Picoseconds keep the rounding of the interval below 0.01% up to 10 million per second.
      interval_ps_(std::max<int64_t>(1, std::llround(1e12 / std::max(tokens_per_second, 1e-6)))),
      burst_ps_(std::max<int64_t>(interval_ps_, std::chrono::duration_cast<Picoseconds>(burst).count())) {}

TokenBucket::Grant TokenBucket::take(uint32_t wanted, Clock::time_point now) {
  const int64_t now_ps = std::chrono::duration_cast<Picoseconds>(now - epoch_).count();
  int64_t arrival = theoretical_arrival_ps_.load(std::memory_order_relaxed);
  for (;;) {
    const int64_t base = std::max(arrival, now_ps);
    const int64_t available = (now_ps + burst_ps_ - base) / interval_ps_;
    if (available <= 0 || wanted == 0) {
      const int64_t due_ps = base + interval_ps_ - burst_ps_;
      return Grant{0, epoch_ + std::chrono::duration_cast<Clock::duration>(Picoseconds(due_ps))};
    }
    const auto granted = static_cast<uint32_t>(std::min<int64_t>(available, wanted));
    if (theoretical_arrival_ps_.compare_exchange_weak(arrival, base + granted * interval_ps_,
                                                      std::memory_order_relaxed)) {
      return Grant{granted, now};
    }
  }
}

}  // namespace smppd::tools::bench
