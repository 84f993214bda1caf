#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/api/attribute_bag.h"
#include "host/async/thread_stripe.h"

namespace smppd::api {

// An attribute a plugin set on a paused call from its own thread, applied on the session's worker.
struct TokenAttribute {
  int32_t scope = 0;
  std::string key;
  AttributeValue value;
};

struct PauseOutcome {
  uint64_t token = 0;   // the token resumed
  int32_t verdict = 0;  // SMPPD_CONTINUE or SMPPD_STOP
  uint32_t command_status = 0;
  std::vector<TokenAttribute> attributes;
};

// The tokens of paused filter calls. A plugin resumes from any thread; whoever takes a token out
// first (resume, or the session cancelling it at a deadline or on close) decides, so a late resume
// finds nothing and is ignored safely. Sharded so that workers rarely share a lock.
//
// Most filters answer at once, so a filter's turn costs no entry and no shared write: a thread
// reserving its first token claims a record of its own in the registry, and reserve() marks the
// token there; only a filter that pauses gets an entry (open()); one that answers at once clears
// the mark (settle()). A resume or attribute that comes while the token is reserved (the plugin
// answered through the token before on_request returned) is kept in an entry without completion,
// which open() takes over and settle() drops. A thread that holds a reserved token already, or
// finds no record free, marks the next one with an entry instead.
class PauseRegistry {
 public:
  // Called once, on the resuming thread, outside any lock: it must post to its own executor.
  using Completion = std::function<void(PauseOutcome)>;

  PauseRegistry();
  PauseRegistry(const PauseRegistry&) = delete;
  PauseRegistry& operator=(const PauseRegistry&) = delete;

  // reserve + open at once.
  uint64_t open(Completion completion);
  // A token for a filter's turn; then exactly one of open() (it paused) or settle() (it answered).
  uint64_t reserve();
  // The filter paused: `completion` gets the outcome, at once (outside the lock) when the plugin
  // resumed already.
  void open(uint64_t token, Completion completion);
  // The filter answered without pausing: the token is released, and whatever the plugin gave it
  // meanwhile dropped.
  void settle(uint64_t token);

  // A filter chain's turns on one thread, without a locked instruction per turn: each turn after
  // the first takes its token with reserve_turn(the run's last token), which moves the thread's
  // mark to the new token; the turns answered at once end together with settle_run (one locked
  // instruction), or with open_turn when a turn pauses. A resume through an earlier turn's token
  // finds it unmarked, or, racing the move, is parked and dropped there.
  uint64_t reserve_turn(uint64_t previous);
  void settle_run(std::span<const uint64_t> tokens);
  // open() for a turn of a run, after the run's `earlier` turns, which end here.
  void open_turn(uint64_t token, Completion completion, std::span<const uint64_t> earlier);
  // SMPPD_OK, or SMPPD_E_NOT_FOUND for an unknown, resumed or cancelled token.
  int32_t set_attribute(uint64_t token, TokenAttribute attribute);
  // SMPPD_OK, SMPPD_E_NOT_FOUND, or SMPPD_E_INVALID for a verdict other than CONTINUE/STOP.
  int32_t resume(uint64_t token, int32_t verdict, uint32_t command_status);
  // Takes the token out without completing it. True when it was still pending.
  bool cancel(uint64_t token);
  size_t pending() const;

  static PauseRegistry& process();

 private:
  struct Entry {
    Completion completion;  // empty while the token is reserved (not opened yet)
    std::vector<TokenAttribute> attributes;
    std::optional<PauseOutcome> early;  // a resume while reserved
  };
  static constexpr size_t kShards = async::kThreadStripes;
  // A token is ((counter << kRecordBits) | record) * kShards + shard: the shard its entries go to
  // (the reserving thread's stripe, so that two workers' entries do not share a lock), the record
  // that marks it reserved, and a count of that record's tokens (kNoRecord: the shard's count).
  static constexpr unsigned kRecordBits = 8;
  static constexpr uint64_t kNoRecord = (uint64_t{1} << kRecordBits) - 1;
  static constexpr size_t kRecords = kNoRecord;
  struct alignas(64) Shard {
    mutable std::mutex mutex;
    std::unordered_map<uint64_t, Entry> entries;
    std::atomic<size_t> parked{0};  // entries made for reserved tokens (settle() looks only then)
    std::atomic<uint64_t> next{1};  // the count of tokens marked by entries
  };
  // A thread's own: written by that thread only, read by a resume from any thread.
  struct alignas(64) Record {
    std::atomic<bool> claimed{false};
    std::atomic<uint64_t> reserved{0};  // the thread's reserved token; 0: none
    uint64_t next = 1;                  // the count of the record's tokens
  };

  Shard& shard_of(uint64_t token) { return shards_[token % kShards]; }
  static uint64_t record_index(uint64_t token) { return (token / kShards) & kNoRecord; }
  // The calling thread's record, claimed on its first reserve(); null when every one is taken.
  Record* own_record();
  // Under the shard's lock: the entry of `token`, made (without completion) when the token is
  // reserved but not opened; null when the token is unknown.
  Entry* entry_or_parked(Shard& shard, uint64_t token);
  // Whether `token` is marked reserved in its record.
  bool marked(uint64_t token) const;
  // The shard's lock held: drops the entry a plugin made through `token` before it was opened.
  static void drop_unopened(Shard& shard, uint64_t token);
  // Clears `token`'s mark; true when it was marked.
  bool unmark(uint64_t token);

  const uint64_t id_;  // never reused: a thread's cache of its record names the registry by it
  Record records_[kRecords];
  Shard shards_[kShards];
};

}  // namespace smppd::api
