#include "host/upstream/endpoint.h"

#include <algorithm>

namespace smppd::upstream {

std::chrono::nanoseconds RateLimiter::acquire(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  // A burst of a tenth of a second: smooth enough for an SMSC's TPS contract, cheap to keep.
  const double burst = std::max(1.0, rate_ / 10);
  if (updated_ != std::chrono::steady_clock::time_point{}) {
    tokens_ = std::min(burst, tokens_ + std::chrono::duration<double>(now - updated_).count() * rate_);
  }
  updated_ = now;
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return std::chrono::nanoseconds(0);
  }
  return std::chrono::nanoseconds(static_cast<int64_t>((1.0 - tokens_) / rate_ * 1e9) + 1);
}

}  // namespace smppd::upstream
