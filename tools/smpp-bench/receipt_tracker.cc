#include "tools/smpp-bench/receipt_tracker.h"

#include <functional>

#include "host/codec/receipt/message_id.h"

namespace smppd::tools::bench {

ReceiptTracker::Shard& ReceiptTracker::shard_of(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::optional<ReceiptTracker::Match> ReceiptTracker::expect(std::string_view message_id, Clock::time_point sent,
                                                            bool measured) {
  std::string key = codec::canonical_message_id(message_id);
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto [it, inserted] = shard.waiting.try_emplace(std::move(key), Waiting{sent, measured, false});
  if (inserted) {
    if (measured) missing_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  if (!it->second.receipt_first) return std::nullopt;  // the SMSC reused an id still waiting
  const Match match{measured, it->second.at - sent};
  shard.waiting.erase(it);
  unmatched_.fetch_sub(1, std::memory_order_relaxed);
  return match;
}

std::optional<ReceiptTracker::Match> ReceiptTracker::receive(std::string_view message_id, Clock::time_point arrived) {
  std::string key = codec::canonical_message_id(message_id);
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto [it, inserted] = shard.waiting.try_emplace(std::move(key), Waiting{arrived, false, true});
  if (inserted) {
    unmatched_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  if (it->second.receipt_first) {
    duplicates_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  const Match match{it->second.measured, arrived - it->second.at};
  if (match.measured) missing_.fetch_sub(1, std::memory_order_relaxed);
  shard.waiting.erase(it);
  return match;
}

}  // namespace smppd::tools::bench
