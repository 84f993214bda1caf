#include "host/server/bind_throttle.h"

#include <algorithm>

namespace smppd::server {

bool BindThrottle::try_acquire(const std::string& ip, Clock::time_point now) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(ip);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_tracked_) forget_full_buckets(now);
    it = buckets_.emplace(ip, Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
  bucket.updated = now;
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

// A bucket that has refilled says nothing a fresh one would not: dropping it bounds the map
// however many addresses a flood comes from.
void BindThrottle::forget_full_buckets(Clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& item) {
    const double elapsed = std::chrono::duration<double>(now - item.second.updated).count();
    return item.second.tokens + elapsed * rate_ >= burst_;
  });
  // Still full of draining buckets (a flood from very many addresses): start over rather than grow.
  if (buckets_.size() >= max_tracked_) buckets_.clear();
}

}  // namespace smppd::server
