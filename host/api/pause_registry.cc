#include "host/api/pause_registry.h"

#include "smppd/async.h"
#include "smppd/common.h"

namespace smppd::api {

uint64_t PauseRegistry::open(Completion completion) {
  const uint64_t token = reserve();
  open(token, std::move(completion));
  return token;
}

uint64_t PauseRegistry::reserve() {
  const size_t index = async::thread_stripe();
  Shard& shard = shards_[index];
  const uint64_t token = shard.next.fetch_add(1, std::memory_order_relaxed) * kShards + index;
  uint64_t free_slot = 0;
  if (slot_of(shard, token).compare_exchange_strong(free_slot, token)) return token;
  // The slot is another reserved token's: an entry marks this one instead.
  std::lock_guard lock(shard.mutex);
  shard.parked.fetch_add(1);
  shard.entries.emplace(token, Entry{});
  return token;
}

PauseRegistry::Entry* PauseRegistry::entry_or_parked(Shard& shard, uint64_t token) {
  if (auto it = shard.entries.find(token); it != shard.entries.end()) return &it->second;
  // Counted before the slot is read, and settle() clears the slot before it reads the count: a
  // token settle() released is never parked again.
  shard.parked.fetch_add(1);
  if (slot_of(shard, token).load() == token) return &shard.entries[token];
  shard.parked.fetch_sub(1);
  return nullptr;
}

void PauseRegistry::open(uint64_t token, Completion completion) {
  Entry early;
  {
    Shard& shard = shard_of(token);
    std::lock_guard lock(shard.mutex);
    uint64_t reserved = token;
    slot_of(shard, token).compare_exchange_strong(reserved, 0);
    auto it = shard.entries.find(token);
    if (it == shard.entries.end()) {
      shard.entries.emplace(token, Entry{std::move(completion), {}, std::nullopt});
      return;
    }
    shard.parked.fetch_sub(1);
    if (!it->second.early) {
      it->second.completion = std::move(completion);
      return;
    }
    early = std::move(it->second);
    shard.entries.erase(it);
  }
  PauseOutcome outcome = std::move(*early.early);
  outcome.attributes = std::move(early.attributes);
  completion(std::move(outcome));
}

void PauseRegistry::settle(uint64_t token) {
  Shard& shard = shard_of(token);
  uint64_t reserved = token;
  slot_of(shard, token).compare_exchange_strong(reserved, 0);
  if (shard.parked.load() == 0) return;  // nothing came through the token meanwhile
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(token);
  if (it != shard.entries.end() && !it->second.completion) {
    shard.entries.erase(it);
    shard.parked.fetch_sub(1);
  }
}

int32_t PauseRegistry::set_attribute(uint64_t token, TokenAttribute attribute) {
  Shard& shard = shard_of(token);
  std::lock_guard lock(shard.mutex);
  Entry* entry = entry_or_parked(shard, token);
  if (entry == nullptr || entry->early) return SMPPD_E_NOT_FOUND;
  entry->attributes.push_back(std::move(attribute));
  return SMPPD_OK;
}

int32_t PauseRegistry::resume(uint64_t token, int32_t verdict, uint32_t command_status) {
  if (verdict != SMPPD_CONTINUE && verdict != SMPPD_STOP) return SMPPD_E_INVALID;
  Entry entry;
  {
    Shard& shard = shard_of(token);
    std::lock_guard lock(shard.mutex);
    Entry* found = entry_or_parked(shard, token);
    if (found == nullptr || found->early) return SMPPD_E_NOT_FOUND;
    if (!found->completion) {
      // Reserved, not opened yet: open() hands it over.
      found->early = PauseOutcome{token, verdict, command_status, {}};
      return SMPPD_OK;
    }
    entry = std::move(*found);
    shard.entries.erase(token);
  }
  entry.completion(PauseOutcome{token, verdict, command_status, std::move(entry.attributes)});
  return SMPPD_OK;
}

bool PauseRegistry::cancel(uint64_t token) {
  Shard& shard = shard_of(token);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(token);
  if (it == shard.entries.end()) return false;
  if (!it->second.completion) shard.parked.fetch_sub(1);
  shard.entries.erase(it);
  return true;
}

size_t PauseRegistry::pending() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

PauseRegistry& PauseRegistry::process() {
  static PauseRegistry* registry = new PauseRegistry();  // outlives workers and plugin threads
  return *registry;
}

}  // namespace smppd::api
