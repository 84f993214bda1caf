#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "plugins/filter/ratelimit/gcra.h"

namespace smppd::plugins::ratelimit {

// One local limit's buckets on this node: a GCRA state per key, shared by every worker. Sharded,
// one mutex per shard for the keys' index. A bucket's state is one atomic: a thread that used a
// key lately keeps the bucket in a small cache of its own and takes from it with a compare and
// swap, without the shard's lock (workers serving one busy client otherwise passed the lock's
// line between them twice a message). Bounded: at most `max_keys` keys. A key whose bucket is full
// again is idle and goes (its absence means the same); when a shard is full anyway, a key not
// used since the last time the shard looked goes (counted: that key starts again with a full
// bucket). A bucket that goes is marked dead first, so no take lands on one nobody counts.
//
// A busy key's bucket is a cache line both workers write. Where the burst is large (128 units or
// more) a thread that takes from a bucket with room to spare takes a lease with it, burst/64 units
// (at most 256) it then spends without touching the bucket; what it has not spent within 100 ms
// goes back at its next take (or when the thread's cache gives the key's place to another key).
// Nothing is ever taken that the bucket did not hold, so a limit is
// never exceeded; a lease only holds back from the other workers what one worker will spend next
// (at most burst/64 units each). Near the limit there is no room for a lease and every take is
// exact.
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
  bool take(std::string_view key, int64_t amount, int64_t now_ns) { return take(key, hash_of(key), amount, now_ns); }
  // The same with the key's hash_of() made by the caller (who may keep it).
  bool take(std::string_view key, size_t hash, int64_t amount, int64_t now_ns);
  static size_t hash_of(std::string_view key) noexcept { return Hash{}(key); }
  // Gives back units take() took (a later limit refused the message). Any thread.
  void refund(std::string_view key, int64_t amount);

  const GcraRate& rate() const noexcept { return rate_; }
  size_t size() const;
  uint64_t evictions() const noexcept { return evictions_.load(std::memory_order_relaxed); }

 private:
  struct Bucket {
    explicit Bucket(std::string_view name) : key(name) {}
    const std::string key;
    std::atomic<int64_t> tat_ns{0};  // kDead once the table dropped the bucket
    std::atomic<bool> used{false};   // taken from since the shard last looked (second chance)
  };
  using BucketPtr = std::shared_ptr<Bucket>;
  using Order = std::list<BucketPtr>;  // least recently looked up last
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const noexcept { return std::hash<std::string_view>{}(key); }
  };
  struct Shard {
    mutable std::mutex mutex;
    Order order;
    // Keys are views of the buckets' own strings.
    std::unordered_map<std::string_view, Order::iterator, Hash, std::equal_to<>> index;
  };
  // What a thread remembers of a bucket it used: by table id (never reused), key hash and key.
  // The thread's own copy of the key: the bucket's shares a cache line with the TAT that other
  // workers write, and reading it there missed on every take.
  struct Remembered {
    uint64_t table = 0;
    size_t hash = 0;
    std::string key;
    BucketPtr bucket;
    int64_t leased = 0;          // units taken from the bucket and not spent yet
    int64_t lease_until_ns = 0;  // after it, what is left goes back
    GcraRate rate;               // the bucket's, for giving a lease back when the slot is taken over
  };
  static constexpr size_t kRemembered = 16;
  static constexpr int64_t kDead = INT64_MIN;
  static constexpr int64_t kLeaseShare = 64;  // a lease is burst / kLeaseShare units
  static constexpr int64_t kMaxLease = 256;
  static constexpr int64_t kLeaseLifetimeNs = 100'000'000;

  Shard& shard_of(size_t hash) noexcept { return shards_[hash % kShards]; }
  enum class Taken { yes, no, dead };
  Taken take_from(Bucket& bucket, int64_t amount, int64_t now_ns) const;
  // take_from for a thread's remembered bucket: from its lease when that covers `amount`;
  // otherwise what is left of the lease goes back, and a new one comes with the take when the
  // bucket has room for both.
  Taken take_remembered(Remembered& slot, int64_t amount, int64_t now_ns) const;
  static void give_back(const GcraRate& rate, Bucket& bucket, int64_t amount);
  static Remembered& remembered(uint64_t table, size_t hash);
  void remember(Remembered& slot, size_t hash, std::string_view key, BucketPtr bucket) const;
  // Drops idle keys from the least recently looked up end, then, while the shard is full, the
  // first key there not used since the last look. The shard's lock is held.
  void make_room(Shard& shard, int64_t now_ns);
  // Marks the last bucket of the order dead and drops it. The shard's lock is held.
  static void drop_last(Shard& shard);

  GcraRate rate_;
  int64_t lease_;  // 0: no leases (a small burst)
  size_t per_shard_;
  const uint64_t id_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> evictions_{0};
  std::function<void()> on_eviction_;
};

}  // namespace smppd::plugins::ratelimit
