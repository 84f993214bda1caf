#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace smppd::plugins::firewall {

// Keys (64-bit hashes) to per-key state, at most `capacity` keys: the least recently used key is
// evicted to make room. One mutex per shard, so workers rarely wait for each other.
template <class State>
class ShardedLru {
 public:
  static constexpr size_t kShards = 16;

  explicit ShardedLru(size_t capacity) : per_shard_(capacity / kShards + (capacity % kShards != 0 ? 1 : 0)) {
    if (per_shard_ == 0) per_shard_ = 1;
  }

  // Runs change(State&) on the key's state (made empty when new) under the shard's lock, and
  // answers what it answers.
  template <class Change>
  auto with(uint64_t key, Change&& change) {
    Shard& shard = shards_[(key ^ (key >> 29)) % kShards];
    std::lock_guard lock(shard.mutex);
    auto found = shard.index.find(key);
    if (found != shard.index.end()) {
      shard.order.splice(shard.order.begin(), shard.order, found->second);
    } else {
      if (shard.index.size() >= per_shard_) {
        shard.index.erase(shard.order.back().first);
        shard.order.pop_back();
        evictions_.fetch_add(1, std::memory_order_relaxed);
      }
      shard.order.emplace_front(key, State{});
      found = shard.index.emplace(key, shard.order.begin()).first;
    }
    return change(found->second->second);
  }

  uint64_t evictions() const noexcept { return evictions_.load(std::memory_order_relaxed); }
  size_t size() const {
    size_t total = 0;
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      total += shard.index.size();
    }
    return total;
  }

 private:
  struct Shard {
    mutable std::mutex mutex;
    std::list<std::pair<uint64_t, State>> order;  // most recent first
    std::unordered_map<uint64_t, typename std::list<std::pair<uint64_t, State>>::iterator> index;
  };
  size_t per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> evictions_{0};
};

// Flooding: the same content to more than `destinations` distinct destinations within `window`.
// Per content fingerprint it keeps the most recent destinations, at most destinations + 1 of them:
// enough to answer exactly, and bounded.
class FloodTracker {
 public:
  FloodTracker(uint32_t destinations, int64_t window_ns, size_t max_keys);
  // Records the message; true when its content went to more than `destinations` distinct
  // destinations within the window, this one included.
  bool record(uint64_t fingerprint, uint64_t destination, int64_t now_ns);
  uint64_t evictions() const noexcept { return seen_.evictions(); }

 private:
  struct Seen {
    std::vector<std::pair<uint64_t, int64_t>> destinations;  // destination hash, last seen
  };
  uint32_t threshold_;
  int64_t window_ns_;
  ShardedLru<Seen> seen_;
};

// Pumping: more than `messages` messages to one key (a destination, or a destination prefix)
// within `window`. Counts in 16 buckets per window, so the window slides in steps of 1/16.
class PumpingTracker {
 public:
  static constexpr size_t kBuckets = 16;

  PumpingTracker(uint32_t messages, int64_t window_ns, size_t max_keys);
  // Records one message; true when the key has more than `messages` within the window, this one
  // included.
  bool record(uint64_t key, int64_t now_ns);
  uint64_t evictions() const noexcept { return counts_.evictions(); }

 private:
  struct Counts {
    int64_t newest = -1;  // the bucket number of counts[newest % kBuckets]
    std::array<uint32_t, kBuckets> counts{};
  };
  uint32_t threshold_;
  int64_t bucket_ns_;
  ShardedLru<Counts> counts_;
};

}  // namespace smppd::plugins::firewall
