#include "plugins/filter/ratelimit/local_gcra_table.h"

#include <algorithm>
#include <utility>

namespace smppd::plugins::ratelimit {
namespace {

uint64_t next_table_id() {
  static std::atomic<uint64_t> ids{0};
  return ids.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

LocalGcraTable::LocalGcraTable(GcraRate rate, size_t max_keys, std::function<void()> on_eviction)
    : rate_(rate),
      lease_(rate.burst / kLeaseShare >= 2 ? std::min(rate.burst / kLeaseShare, kMaxLease) : 0),
      per_shard_(std::max<size_t>(1, (max_keys + kShards - 1) / kShards)),
      id_(next_table_id()),
      on_eviction_(std::move(on_eviction)) {}

LocalGcraTable::Taken LocalGcraTable::take_from(Bucket& bucket, int64_t amount, int64_t now_ns) const {
  int64_t tat = bucket.tat_ns.load(std::memory_order_acquire);
  for (;;) {
    if (tat == kDead) return Taken::dead;
    const GcraStep step = gcra_take(rate_, tat, now_ns, amount);
    // Refused counts as used too: a key being held back is the last one to forget.
    if (!bucket.used.load(std::memory_order_relaxed)) bucket.used.store(true, std::memory_order_relaxed);
    if (!step.taken) return Taken::no;
    if (bucket.tat_ns.compare_exchange_weak(tat, step.tat_ns, std::memory_order_acq_rel, std::memory_order_acquire)) {
      return Taken::yes;
    }
  }
}

LocalGcraTable::Taken LocalGcraTable::take_remembered(Remembered& slot, int64_t amount, int64_t now_ns) const {
  Bucket& bucket = *slot.bucket;
  if (slot.leased >= amount && now_ns < slot.lease_until_ns) {
    slot.leased -= amount;
    // Still a busy key to the shard's second chance. The line is read mostly: with leases the
    // workers write the TAT next to it once a lease.
    if (!bucket.used.load(std::memory_order_relaxed)) bucket.used.store(true, std::memory_order_relaxed);
    return Taken::yes;
  }
  if (slot.leased > 0) {
    give_back(rate_, bucket, slot.leased);
    slot.leased = 0;
  }
  if (lease_ > 0) {
    const Taken with_lease = take_from(bucket, amount + lease_, now_ns);
    if (with_lease != Taken::no) {
      if (with_lease == Taken::yes) {
        slot.leased = lease_;
        slot.lease_until_ns = now_ns + kLeaseLifetimeNs;
        slot.rate = rate_;
      }
      return with_lease;
    }
  }
  return take_from(bucket, amount, now_ns);
}

void LocalGcraTable::give_back(const GcraRate& rate, Bucket& bucket, int64_t amount) {
  int64_t tat = bucket.tat_ns.load(std::memory_order_acquire);
  while (tat != kDead && !bucket.tat_ns.compare_exchange_weak(tat, gcra_refund(rate, tat, amount),
                                                              std::memory_order_acq_rel, std::memory_order_acquire)) {
  }
}

LocalGcraTable::Remembered& LocalGcraTable::remembered(uint64_t table, size_t hash) {
  thread_local std::array<Remembered, kRemembered> slots;
  return slots[(hash ^ (table * 0x9E3779B97F4A7C15ULL)) % kRemembered];
}

void LocalGcraTable::remember(Remembered& slot, size_t hash, std::string_view key, BucketPtr bucket) const {
  // The key that had the place keeps nothing back: its lease goes back (its table may be gone; the
  // bucket is alive while the slot holds it).
  if (slot.leased > 0 && slot.bucket) give_back(slot.rate, *slot.bucket, slot.leased);
  slot.leased = 0;
  slot.table = id_;
  slot.hash = hash;
  slot.key.assign(key);  // reuses the slot's buffer
  slot.bucket = std::move(bucket);
}

bool LocalGcraTable::take(std::string_view key, size_t hash, int64_t amount, int64_t now_ns) {
  Remembered& slot = remembered(id_, hash);
  if (slot.table == id_ && slot.hash == hash && slot.key == key) {
    const Taken taken = take_remembered(slot, amount, now_ns);
    if (taken != Taken::dead) return taken == Taken::yes;
    slot.table = 0;  // the table dropped it: look the key up again
    slot.bucket.reset();
  }

  Shard& shard = shard_of(hash);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(key);
  if (found != shard.index.end()) {
    if (found->second != shard.order.begin()) shard.order.splice(shard.order.begin(), shard.order, found->second);
    // Buckets die only under this lock: this one is alive.
    remember(slot, hash, key, *found->second);
    return take_remembered(slot, amount, now_ns) == Taken::yes;
  }
  const GcraStep step = gcra_take(rate_, 0, now_ns, amount);
  if (!step.taken || step.tat_ns <= now_ns) return step.taken;  // a full bucket needs no entry
  make_room(shard, now_ns);
  auto bucket = std::make_shared<Bucket>(key);
  bucket->tat_ns.store(step.tat_ns, std::memory_order_release);
  shard.order.push_front(bucket);
  shard.index.emplace(bucket->key, shard.order.begin());
  remember(slot, hash, key, std::move(bucket));
  return true;
}

void LocalGcraTable::refund(std::string_view key, int64_t amount) {
  Shard& shard = shard_of(Hash{}(key));
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(key);
  if (found == shard.index.end()) return;  // gone idle or evicted: full already
  give_back(rate_, **found->second, amount);
}

void LocalGcraTable::drop_last(Shard& shard) {
  shard.order.back()->tat_ns.store(kDead, std::memory_order_release);
  shard.index.erase(shard.order.back()->key);
  shard.order.pop_back();
}

void LocalGcraTable::make_room(Shard& shard, int64_t now_ns) {
  while (!shard.order.empty()) {
    // Idle only if no take moves it on meanwhile: the mark and the check are one step.
    Bucket& last = *shard.order.back();
    int64_t tat = last.tat_ns.load(std::memory_order_acquire);
    if (tat > now_ns || !last.tat_ns.compare_exchange_strong(tat, kDead, std::memory_order_acq_rel)) break;
    shard.index.erase(last.key);
    shard.order.pop_back();
  }
  while (shard.index.size() >= per_shard_ && !shard.order.empty()) {
    // Takes through a thread's cache do not move a key up the order: a key used since the last
    // look gets a second chance at the front (at most one round of the shard).
    if (shard.order.back()->used.exchange(false, std::memory_order_relaxed)) {
      shard.order.splice(shard.order.begin(), shard.order, std::prev(shard.order.end()));
      continue;
    }
    drop_last(shard);
    evictions_.fetch_add(1, std::memory_order_relaxed);
    if (on_eviction_) on_eviction_();
  }
}

size_t LocalGcraTable::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.index.size();
  }
  return total;
}

}  // namespace smppd::plugins::ratelimit
