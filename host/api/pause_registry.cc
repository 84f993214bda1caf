#include "host/api/pause_registry.h"

#include <algorithm>

#include "smppd/async.h"
#include "smppd/common.h"

namespace smppd::api {

uint64_t PauseRegistry::open(Completion completion) {
  const uint64_t token = reserve();
  open(token, std::move(completion));
  return token;
}

namespace {

uint64_t next_registry_id() {
  static std::atomic<uint64_t> ids{0};
  return ids.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

PauseRegistry::PauseRegistry() : id_(next_registry_id()) {}

PauseRegistry::Record* PauseRegistry::own_record() {
  // Workers reserve in the process's registry only; a few more places for tests' own registries.
  struct Claimed {
    uint64_t registry = 0;
    Record* record = nullptr;  // null: none was free
  };
  thread_local std::array<Claimed, 4> claimed{};
  for (const Claimed& entry : claimed) {
    if (entry.registry == id_) return entry.record;
  }
  Record* record = nullptr;
  for (Record& candidate : records_) {
    bool free = false;
    if (!candidate.claimed.load(std::memory_order_relaxed) && candidate.claimed.compare_exchange_strong(free, true)) {
      record = &candidate;
      break;
    }
  }
  // A thread keeps its record for the registry's life (a token names it); the oldest place of the
  // thread's cache goes to the newest registry.
  std::move_backward(claimed.begin(), claimed.end() - 1, claimed.end());
  claimed.front() = Claimed{id_, record};
  return record;
}

uint64_t PauseRegistry::reserve() {
  const size_t index = async::thread_stripe();
  if (Record* record = own_record(); record != nullptr && record->reserved.load(std::memory_order_relaxed) == 0) {
    const uint64_t number = static_cast<uint64_t>(record - records_);
    const uint64_t token = ((record->next++ << kRecordBits) | number) * kShards + index;
    // Relaxed: a resume from another thread knows the token only through what the plugin did after
    // this, which orders this store before the resume.
    record->reserved.store(token, std::memory_order_relaxed);
    return token;
  }
  // This thread holds a reserved token already, or has no record: an entry marks this one.
  Shard& shard = shards_[index];
  const uint64_t token = ((shard.next.fetch_add(1, std::memory_order_relaxed) << kRecordBits) | kNoRecord) * kShards + index;
  std::lock_guard lock(shard.mutex);
  shard.parked.fetch_add(1);
  shard.entries.emplace(token, Entry{});
  return token;
}

bool PauseRegistry::marked(uint64_t token) const {
  const uint64_t number = record_index(token);
  return number != kNoRecord && records_[number].reserved.load() == token;
}

bool PauseRegistry::unmark(uint64_t token) {
  const uint64_t number = record_index(token);
  if (number == kNoRecord) return false;
  uint64_t reserved = token;
  return records_[number].reserved.compare_exchange_strong(reserved, 0);
}

PauseRegistry::Entry* PauseRegistry::entry_or_parked(Shard& shard, uint64_t token) {
  if (auto it = shard.entries.find(token); it != shard.entries.end()) return &it->second;
  // Counted before the mark is read, and settle() clears the mark before it reads the count: a
  // token settle() released is never parked again.
  shard.parked.fetch_add(1);
  if (marked(token)) return &shard.entries[token];
  shard.parked.fetch_sub(1);
  return nullptr;
}

void PauseRegistry::open(uint64_t token, Completion completion) {
  Entry early;
  {
    Shard& shard = shard_of(token);
    std::lock_guard lock(shard.mutex);
    unmark(token);
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

void PauseRegistry::drop_unopened(Shard& shard, uint64_t token) {
  auto it = shard.entries.find(token);
  if (it != shard.entries.end() && !it->second.completion) {
    shard.entries.erase(it);
    shard.parked.fetch_sub(1);
  }
}

void PauseRegistry::settle(uint64_t token) {
  Shard& shard = shard_of(token);
  unmark(token);  // before the count is read: a resume counts before it reads the mark
  if (shard.parked.load() == 0) return;  // nothing came through the token meanwhile
  std::lock_guard lock(shard.mutex);
  drop_unopened(shard, token);
}

uint64_t PauseRegistry::reserve_turn(uint64_t previous) {
  const uint64_t number = record_index(previous);
  if (previous == 0 || number == kNoRecord) {
    if (previous != 0) settle(previous);
    return reserve();
  }
  Record& record = records_[number];
  // Only the thread that owns the record marks it: a token of this thread's run, still marked.
  if (record.reserved.load(std::memory_order_relaxed) != previous) return reserve();
  const uint64_t token = ((record.next++ << kRecordBits) | number) * kShards + previous % kShards;
  // A plain store: a resume that reads the earlier token still marked counts itself parked before
  // it reads, and settle_run's locked clear, ordered after this store, then sees the count.
  record.reserved.store(token, std::memory_order_relaxed);
  return token;
}

void PauseRegistry::settle_run(std::span<const uint64_t> tokens) {
  if (tokens.empty()) return;
  Shard& shard = shard_of(tokens.back());  // a run's tokens are all of its thread's shard
  unmark(tokens.back());
  const bool any_entry = std::any_of(tokens.begin(), tokens.end(),
                                     [](uint64_t token) { return record_index(token) == kNoRecord; });
  if (!any_entry && shard.parked.load() == 0) return;
  std::lock_guard lock(shard.mutex);
  for (const uint64_t token : tokens) drop_unopened(shard, token);
}

void PauseRegistry::open_turn(uint64_t token, Completion completion, std::span<const uint64_t> earlier) {
  if (!earlier.empty()) {
    // Under the lock: a resume through an earlier token that comes after it finds the mark moved on
    // (this thread's store precedes the release), one that came before is dropped here.
    Shard& shard = shard_of(earlier.back());
    std::lock_guard lock(shard.mutex);
    for (const uint64_t earlier_token : earlier) drop_unopened(shard, earlier_token);
  }
  open(token, std::move(completion));
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
