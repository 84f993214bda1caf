#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/state/redis/key_layout.h"
#include "smppd/cxx/state.hpp"

namespace smppd::plugins::redis {

// The Lua script that applies one batch atomically (EVALSHA once per batch: one round trip).
// Pass 1 runs the key/value operations (GET, SET, SET_IF_ABSENT, DELETE, COMPARE_AND_SET,
// INCREMENT, GCRA_TAKE) over an overlay table, so a later one sees an earlier one's write, and
// stops at the first answer that stops a batch, having written nothing. Pass 2 applies every
// operation for real in order and builds the answers. Lists, sets and PUBLISH cannot stop a
// batch, so pass 1 skips them. The clock of GCRA and item expiry is Redis's (TIME).
//
// KEYS, per operation in order: 1 for key/value and set operations, 3 for list operations (seq,
// items, ids; see KeyLayout), none for PUBLISH.
// ARGV: [1] the operation count, then per operation its type and its fields:
//   GET, DELETE: -            SET, SET_IF_ABSENT: value, ttl_ms
//   COMPARE_AND_SET: expected, value, ttl_ms          INCREMENT: amount, floor, ceiling, ttl_ms
//   LIST_APPEND: value, item_ttl_ms, list_ttl_ms      LIST_RANGE: after_id, max_items
//   LIST_POP_FRONT, SET_MEMBERS: max_items            LIST_REMOVE: id count, ids...
//   GCRA_TAKE: amount, interval_us, burst             SET_ADD: member, ttl_ms
//   SET_REMOVE, SET_CONTAINS: member                  PUBLISH: channel, message
// The answer is one flat array (decode_batch_reply reads it):
//   batch status, message, operation count, then per operation:
//   status, has_value, value, number (decimal text), item_id (decimal text), count, item count,
//   and per item: id (decimal text), value.
extern const std::string_view kBatchScript;

// The arguments of one EVALSHA/EVAL of kBatchScript. Values are not copied: the views point into
// the operations, which must outlive the call (hiredis copies the command when it is queued).
class ScriptCall {
 public:
  ScriptCall() = default;
  ScriptCall(ScriptCall&&) = default;  // the deque's strings stay where they are
  ScriptCall& operator=(ScriptCall&&) = default;
  ScriptCall(const ScriptCall&) = delete;
  ScriptCall& operator=(const ScriptCall&) = delete;

  // command ("EVALSHA" or "EVAL"), the sha or the script, numkeys, KEYS..., ARGV...
  std::vector<std::string_view> argv(std::string_view command, std::string_view sha_or_script) const;

  void add_key(std::string key) { keys_.push_back(own(std::move(key))); }
  void add_arg(std::string arg) { args_.push_back(own(std::move(arg))); }
  void add_arg_view(std::string_view arg) { args_.push_back(arg); }

 private:
  std::string_view own(std::string text) { return owned_.emplace_back(std::move(text)); }

  std::deque<std::string> owned_;  // a deque: its strings never move as it grows
  std::vector<std::string_view> keys_;
  std::vector<std::string_view> args_;
  mutable std::string numkeys_;  // argv() points into it
};

ScriptCall encode_batch(const std::vector<smppd::cxx::state::StateOp>& ops, const KeyLayout& layout);

}  // namespace smppd::plugins::redis
