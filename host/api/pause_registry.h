#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/api/attribute_bag.h"

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
class PauseRegistry {
 public:
  // Called once, on the resuming thread, outside any lock: it must post to its own executor.
  using Completion = std::function<void(PauseOutcome)>;

  uint64_t open(Completion completion);
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
    Completion completion;
    std::vector<TokenAttribute> attributes;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<uint64_t, Entry> entries;
  };
  static constexpr size_t kShards = 16;

  Shard& shard_of(uint64_t token) { return shards_[token % kShards]; }

  std::atomic<uint64_t> next_token_{1};
  Shard shards_[kShards];
};

}  // namespace smppd::api
