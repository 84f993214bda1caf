#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace smppd::server {

// Bind attempts per client IP, as a token bucket, checked before a bind reaches any filter: a
// flood of bad binds is answered ESME_RTHROTTLED without costing a password hash (Argon2id at
// 19 MiB per check would otherwise let a flood exhaust memory). Shared by every worker.
class BindThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  // rate = 0 disables the throttle.
  BindThrottle(double attempts_per_second, double burst, size_t max_tracked_ips = 100000)
      : rate_(attempts_per_second), burst_(burst), max_tracked_(max_tracked_ips) {}

  bool try_acquire(const std::string& ip, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_full_buckets(Clock::time_point now);

  const double rate_;
  const double burst_;
  const size_t max_tracked_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace smppd::server
