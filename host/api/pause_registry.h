#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
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
// Most filters answer at once, so a filter's turn costs no entry: reserve() hands out a token and
// marks it in a slot of its shard, and only a filter that pauses gets an entry (open()); one that
// answers at once releases the slot (settle()). A resume or attribute that comes while the token
// is reserved (the plugin answered through the token before on_request returned) is kept in an
// entry without completion, which open() takes over and settle() drops.
class PauseRegistry {
 public:
  // Called once, on the resuming thread, outside any lock: it must post to its own executor.
  using Completion = std::function<void(PauseOutcome)>;

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
  static constexpr size_t kSlots = 64;  // reserved tokens marked per shard; beyond, an entry marks them
  // A thread hands out the tokens of its own shard (its stripe, token % kShards), so that two
  // workers reserving at once touch different cache lines; a resume from any thread finds the
  // shard by the token.
  struct alignas(64) Shard {
    mutable std::mutex mutex;
    std::unordered_map<uint64_t, Entry> entries;
    std::array<std::atomic<uint64_t>, kSlots> reserved{};  // 0: free
    std::atomic<size_t> parked{0};  // entries made for reserved tokens (settle() looks only then)
    std::atomic<uint64_t> next{1};  // the shard's next token is next * kShards + its index
  };

  Shard& shard_of(uint64_t token) { return shards_[token % kShards]; }
  static std::atomic<uint64_t>& slot_of(Shard& shard, uint64_t token) { return shard.reserved[(token / kShards) % kSlots]; }
  // Under the shard's lock: the entry of `token`, made (without completion) when the token is
  // reserved but not opened; null when the token is unknown.
  Entry* entry_or_parked(Shard& shard, uint64_t token);

  Shard shards_[kShards];
};

}  // namespace smppd::api
