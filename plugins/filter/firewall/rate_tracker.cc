#include "plugins/filter/firewall/rate_tracker.h"

#include <algorithm>

namespace smppd::plugins::firewall {

FloodTracker::FloodTracker(uint32_t destinations, int64_t window_ns, size_t max_keys)
    : threshold_(destinations), window_ns_(window_ns), seen_(max_keys) {}

bool FloodTracker::record(uint64_t fingerprint, uint64_t destination, int64_t now_ns) {
  return seen_.with(fingerprint, [&](Seen& seen) {
    auto& list = seen.destinations;
    const int64_t oldest_kept = now_ns - window_ns_;
    std::erase_if(list, [oldest_kept](const auto& entry) { return entry.second <= oldest_kept; });
    auto it = std::find_if(list.begin(), list.end(), [destination](const auto& entry) { return entry.first == destination; });
    if (it != list.end()) {
      it->second = now_ns;
    } else {
      if (list.size() > threshold_) {
        // Keep the most recent threshold + 1: the oldest cannot change the answer any more.
        list.erase(std::min_element(list.begin(), list.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; }));
      }
      list.emplace_back(destination, now_ns);
    }
    return list.size() > threshold_;
  });
}

PumpingTracker::PumpingTracker(uint32_t messages, int64_t window_ns, size_t max_keys)
    : threshold_(messages),
      bucket_ns_(std::max<int64_t>(1, window_ns / static_cast<int64_t>(kBuckets))),
      counts_(max_keys) {}

bool PumpingTracker::record(uint64_t key, int64_t now_ns) {
  const int64_t bucket = now_ns / bucket_ns_;
  return counts_.with(key, [&](Counts& state) {
    if (state.newest < 0 || bucket - state.newest >= static_cast<int64_t>(kBuckets)) {
      state.counts.fill(0);
    } else {
      for (int64_t b = state.newest + 1; b <= bucket; ++b) state.counts[static_cast<size_t>(b % kBuckets)] = 0;
    }
    if (bucket > state.newest) state.newest = bucket;
    // A clock that went back (it should not: monotonic) counts in the newest bucket.
    auto& slot = state.counts[static_cast<size_t>(state.newest % static_cast<int64_t>(kBuckets))];
    if (slot < UINT32_MAX) ++slot;
    uint64_t total = 0;
    for (const uint32_t count : state.counts) total += count;
    return total > threshold_;
  });
}

}  // namespace smppd::plugins::firewall
