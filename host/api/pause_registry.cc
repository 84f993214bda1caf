#include "host/api/pause_registry.h"

#include "smppd/async.h"
#include "smppd/common.h"

namespace smppd::api {

uint64_t PauseRegistry::open(Completion completion) {
  const uint64_t token = next_token_.fetch_add(1, std::memory_order_relaxed);
  Shard& shard = shard_of(token);
  std::lock_guard lock(shard.mutex);
  shard.entries.emplace(token, Entry{std::move(completion), {}});
  return token;
}

int32_t PauseRegistry::set_attribute(uint64_t token, TokenAttribute attribute) {
  Shard& shard = shard_of(token);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(token);
  if (it == shard.entries.end()) return SMPPD_E_NOT_FOUND;
  it->second.attributes.push_back(std::move(attribute));
  return SMPPD_OK;
}

int32_t PauseRegistry::resume(uint64_t token, int32_t verdict, uint32_t command_status) {
  if (verdict != SMPPD_CONTINUE && verdict != SMPPD_STOP) return SMPPD_E_INVALID;
  Entry entry;
  {
    Shard& shard = shard_of(token);
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(token);
    if (it == shard.entries.end()) return SMPPD_E_NOT_FOUND;
    entry = std::move(it->second);
    shard.entries.erase(it);
  }
  entry.completion(PauseOutcome{token, verdict, command_status, std::move(entry.attributes)});
  return SMPPD_OK;
}

bool PauseRegistry::cancel(uint64_t token) {
  Shard& shard = shard_of(token);
  std::lock_guard lock(shard.mutex);
  return shard.entries.erase(token) > 0;
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
