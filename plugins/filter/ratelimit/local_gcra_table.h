#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "plugins/filter/ratelimit/gcra.h"

namespace smppd::plugins::ratelimit {

// One local limit's buckets on this node: a GCRA state per key, shared by every worker. Sharded,
// one mutex per shard, so workers rarely wait for each other. Bounded: at most `max_keys` keys.
// A key whose bucket is full again is idle and goes (its absence means the same); when a shard is
// full anyway, its least recently used key goes (counted: that key starts again with a full
// bucket).
class LocalGcraTable {
 public:
  static constexpr size_t kShards = 16;

  // `on_eviction` (optional) runs for each key evicted while full, under a shard's lock: keep it
  // quick (a counter).
  LocalGcraTable(GcraRate rate, size_t max_keys, std::function<void()> on_eviction = {});
  LocalGcraTable(const LocalGcraTable&) = delete;
  LocalGcraTable& operator=(const LocalGcraTable&) = delete;

  // Takes `amount` units from the key's bucket at `now_ns`; false (nothing taken) when it does not
  // hold them. Any thread.
  bool take(std::string_view key, int64_t amount, int64_t now_ns);
  // Gives back units take() took (a later limit refused the message). Any thread.
  void refund(std::string_view key, int64_t amount);

  const GcraRate& rate() const noexcept { return rate_; }
  size_t size() const;
  uint64_t evictions() const noexcept { return evictions_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::string key;
    int64_t tat_ns = 0;
  };
  using Order = std::list<Entry>;  // most recently used first
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const noexcept { return std::hash<std::string_view>{}(key); }
  };
  struct Shard {
    mutable std::mutex mutex;
    Order order;
    // Keys are views of the entries' own strings: list nodes do not move.
    std::unordered_map<std::string_view, Order::iterator, Hash, std::equal_to<>> index;
  };

  Shard& shard_of(std::string_view key) noexcept { return shards_[Hash{}(key) % kShards]; }
  // Drops idle keys from the least recently used end, then the least recently used key while the
  // shard is full. The shard's lock is held.
  void make_room(Shard& shard, int64_t now_ns);

  GcraRate rate_;
  size_t per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> evictions_{0};
  std::function<void()> on_eviction_;
};

}  // namespace smppd::plugins::ratelimit
