#include "plugins/filter/ratelimit/local_gcra_table.h"

#include <algorithm>
#include <utility>

namespace smppd::plugins::ratelimit {

LocalGcraTable::LocalGcraTable(GcraRate rate, size_t max_keys, std::function<void()> on_eviction)
    : rate_(rate),
      per_shard_(std::max<size_t>(1, (max_keys + kShards - 1) / kShards)),
      on_eviction_(std::move(on_eviction)) {}

bool LocalGcraTable::take(std::string_view key, int64_t amount, int64_t now_ns) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(key);
  if (found != shard.index.end()) {
    // A busy key is at the front already: leaving the list alone spares writing its nodes, which
    // other workers read next.
    if (found->second != shard.order.begin()) shard.order.splice(shard.order.begin(), shard.order, found->second);
    const GcraStep step = gcra_take(rate_, found->second->tat_ns, now_ns, amount);
    if (step.taken) found->second->tat_ns = step.tat_ns;
    return step.taken;
  }
  const GcraStep step = gcra_take(rate_, 0, now_ns, amount);
  if (!step.taken || step.tat_ns <= now_ns) return step.taken;  // a full bucket needs no entry
  make_room(shard, now_ns);
  shard.order.push_front(Entry{std::string(key), step.tat_ns});
  shard.index.emplace(shard.order.front().key, shard.order.begin());
  return true;
}

void LocalGcraTable::refund(std::string_view key, int64_t amount) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(key);
  if (found == shard.index.end()) return;  // gone idle or evicted: full already
  found->second->tat_ns = gcra_refund(rate_, found->second->tat_ns, amount);
}

void LocalGcraTable::make_room(Shard& shard, int64_t now_ns) {
  while (!shard.order.empty() && shard.order.back().tat_ns <= now_ns) {
    shard.index.erase(shard.order.back().key);
    shard.order.pop_back();
  }
  while (shard.index.size() >= per_shard_ && !shard.order.empty()) {
    shard.index.erase(shard.order.back().key);
    shard.order.pop_back();
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
