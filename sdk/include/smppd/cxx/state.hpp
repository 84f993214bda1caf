// smppd C++ SDK: state store operations and results (sdk/include/smppd/state.h) as value types,
// and their conversion to and from the C structs. The host and every backend use these same
// types, so an operation means one thing on both sides of the ABI.
//
// Each operation is a small struct with public fields and a constructor taking them in order,
// trailing ones defaulted: op::Set{key, value, 72h}. The constructors are on purpose: g++ 12
// miscompiles an aggregate temporary that holds a std::string inside a co_await expression (the
// string is copied bitwise into the coroutine frame and later freed from the wrong address), and
// `co_await async_run(store, op::Get{key}, ...)` is exactly that shape. A type with a constructor
// is not an aggregate, so that call is safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "smppd/state.h"

namespace smppd::cxx::state {

// How an operation ended (SMPPD_STATE_*). Only `ok` and `not_found` are answers about the data
// that leave a batch standing; the conditional answers (exists, mismatch, would_cross) and the
// failures stop an atomic batch, and then nothing of it is written.
enum class StateCode : uint8_t {
  ok = SMPPD_STATE_OK,
  not_found = SMPPD_STATE_NOT_FOUND,      // get, delete: no live entry under the key
  exists = SMPPD_STATE_EXISTS,            // set_if_absent: a live entry is already there
  mismatch = SMPPD_STATE_MISMATCH,        // compare_and_set: the current value is another, or none
  would_cross = SMPPD_STATE_WOULD_CROSS,  // increment, gcra_take: refused; nothing changed
  aborted = SMPPD_STATE_ABORTED,          // in a batch: an earlier operation stopped it
  busy = SMPPD_STATE_BUSY,                // the store's queue is full; nothing was done
  unavailable = SMPPD_STATE_UNAVAILABLE,  // the store is closed or cannot be reached
  error = SMPPD_STATE_ERROR,              // the backend failed; see the message
};

inline std::string_view name_of(StateCode code) {
  switch (code) {
    case StateCode::ok: return "ok";
    case StateCode::not_found: return "not_found";
    case StateCode::exists: return "exists";
    case StateCode::mismatch: return "mismatch";
    case StateCode::would_cross: return "would_cross";
    case StateCode::aborted: return "aborted";
    case StateCode::busy: return "busy";
    case StateCode::unavailable: return "unavailable";
    case StateCode::error: return "error";
  }
  return "unknown";
}

// A code from the wire of the ABI; anything unknown is an error.
inline StateCode code_from_c(int32_t status) {
  return status >= SMPPD_STATE_OK && status <= SMPPD_STATE_ERROR ? static_cast<StateCode>(status) : StateCode::error;
}

struct StateStatus {
  StateCode code = StateCode::ok;
  std::string message;  // why, for busy, unavailable and error

  bool ok() const { return code == StateCode::ok; }
  // Whether this answer stops an atomic batch.
  bool stops_batch() const { return code != StateCode::ok && code != StateCode::not_found; }
  // "error: IO error: No space left on device", for logs.
  std::string to_string() const {
    std::string text(name_of(code));
    if (!message.empty()) {
      text += ": ";
      text += message;
    }
    return text;
  }
};

// A time to live; zero means the entry never expires. Expiry is wall-clock time, stored with the
// entry, so it holds across restarts.
using Ttl = std::chrono::milliseconds;
inline constexpr Ttl kNoExpiry{0};

inline constexpr int64_t kNoFloor = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kNoCeiling = std::numeric_limits<int64_t>::max();

// The most operations one batch may carry (smppd_state_api.execute).
inline constexpr uint32_t kMaxBatchOps = 256;

namespace op {

// The value, or not_found.
struct Get {
  Get() = default;
  explicit Get(std::string get_key) : key(std::move(get_key)) {}

  std::string key;
};

// Writes the value, replacing any entry and its expiry.
struct Set {
  Set() = default;
  Set(std::string set_key, std::string set_value, Ttl set_ttl = kNoExpiry)
      : key(std::move(set_key)), value(std::move(set_value)), ttl(set_ttl) {}

  std::string key;
  std::string value;
  Ttl ttl = kNoExpiry;
};

// Writes the value only where no live entry is; `exists` otherwise.
struct SetIfAbsent {
  SetIfAbsent() = default;
  SetIfAbsent(std::string set_key, std::string set_value, Ttl set_ttl = kNoExpiry)
      : key(std::move(set_key)), value(std::move(set_value)), ttl(set_ttl) {}

  std::string key;
  std::string value;
  Ttl ttl = kNoExpiry;
};

// Removes the entry; not_found when there was none (not a failure: a batch goes on).
struct Delete {
  Delete() = default;
  explicit Delete(std::string delete_key) : key(std::move(delete_key)) {}

  std::string key;
};

// Writes `desired` only where the live value equals `expected`; `mismatch` otherwise, with the
// current value (none when absent).
struct CompareAndSet {
  CompareAndSet() = default;
  CompareAndSet(std::string cas_key, std::string cas_expected, std::string cas_desired, Ttl cas_ttl = kNoExpiry)
      : key(std::move(cas_key)), expected(std::move(cas_expected)), desired(std::move(cas_desired)), ttl(cas_ttl) {}

  std::string key;
  std::string expected;
  std::string desired;
  Ttl ttl = kNoExpiry;
};

// Adds `delta` to the integer under the key (absent counts as 0) unless the result would leave
// [floor, ceiling]: then `would_cross` with the current value, and nothing changes. Credits use a
// floor of 0, rate limits a ceiling. `ttl` is applied only when this creates the entry, so a
// counter window keeps the expiry it started with. Stored as decimal text (as Redis INCRBY does).
struct Increment {
  Increment() = default;
  explicit Increment(std::string increment_key, int64_t by = 1, int64_t lowest = kNoFloor,
                     int64_t highest = kNoCeiling, Ttl ttl_when_created = kNoExpiry)
      : key(std::move(increment_key)), delta(by), floor(lowest), ceiling(highest), ttl(ttl_when_created) {}

  std::string key;
  int64_t delta = 1;
  int64_t floor = kNoFloor;
  int64_t ceiling = kNoCeiling;
  Ttl ttl = kNoExpiry;
};

// Appends to the named list (created on first append) and answers the item's id. Ids grow within
// a list and are never reused while it exists. `item_ttl` expires this item alone; a non-zero
// `list_ttl` makes the whole list expire that long after this append (as Redis EXPIRE would).
struct ListAppend {
  ListAppend() = default;
  ListAppend(std::string append_to, std::string append_value, Ttl append_item_ttl = kNoExpiry,
             Ttl append_list_ttl = kNoExpiry)
      : list(std::move(append_to)),
        value(std::move(append_value)),
        item_ttl(append_item_ttl),
        list_ttl(append_list_ttl) {}

  std::string list;
  std::string value;
  Ttl item_ttl = kNoExpiry;
  Ttl list_ttl = kNoExpiry;
};

// Up to `max_items` live items with ids above `after_id`, oldest first; an absent list is empty.
struct ListRange {
  ListRange() = default;
  explicit ListRange(std::string range_of, uint64_t range_after_id = 0, uint32_t range_max_items = 100)
      : list(std::move(range_of)), after_id(range_after_id), max_items(range_max_items) {}

  std::string list;
  uint64_t after_id = 0;
  uint32_t max_items = 100;
};

// Removes and answers up to `max_items` live items from the front.
struct ListPopFront {
  ListPopFront() = default;
  explicit ListPopFront(std::string pop_from, uint32_t pop_max_items = 1)
      : list(std::move(pop_from)), max_items(pop_max_items) {}

  std::string list;
  uint32_t max_items = 1;
};

// Removes the items with these ids (an outbox drained once delivery is acknowledged); answers how
// many were there. Ids not in the list are ignored.
struct ListRemove {
  ListRemove() = default;
  ListRemove(std::string remove_from, std::vector<uint64_t> remove_ids)
      : list(std::move(remove_from)), ids(std::move(remove_ids)) {}

  std::string list;
  std::vector<uint64_t> ids;
};

// GCRA: takes `amount` units from a limit of one unit per `interval` with bursts of `burst`.
// ok with the units left now in `number`; would_cross (nothing taken) with the milliseconds until
// `amount` units are there in `number`. The store's clock decides.
struct GcraTake {
  GcraTake() = default;
  GcraTake(std::string limit_key, int64_t take_amount, std::chrono::microseconds per_unit, int64_t burst_units)
      : key(std::move(limit_key)), amount(take_amount), interval(per_unit), burst(burst_units) {}

  std::string key;
  int64_t amount = 1;
  std::chrono::microseconds interval{1};
  int64_t burst = 1;
};

// Adds a member to a set: count 1 when new. A non-zero `ttl` expires the whole set that long
// after this add.
struct SetAdd {
  SetAdd() = default;
  SetAdd(std::string add_to, std::string add_member, Ttl set_ttl = kNoExpiry)
      : set(std::move(add_to)), member(std::move(add_member)), ttl(set_ttl) {}

  std::string set;
  std::string member;
  Ttl ttl = kNoExpiry;
};

// Removes a member: count 1 when it was there.
struct SetRemove {
  SetRemove() = default;
  SetRemove(std::string remove_from, std::string remove_member)
      : set(std::move(remove_from)), member(std::move(remove_member)) {}

  std::string set;
  std::string member;
};

// Whether a member is in the set: count 1 or 0.
struct SetContains {
  SetContains() = default;
  SetContains(std::string look_in, std::string look_for) : set(std::move(look_in)), member(std::move(look_for)) {}

  std::string set;
  std::string member;
};

// Up to `max_items` members, as items with id 0, in no particular order.
struct SetMembers {
  SetMembers() = default;
  explicit SetMembers(std::string members_of, uint32_t members_max = 1000)
      : set(std::move(members_of)), max_items(members_max) {}

  std::string set;
  uint32_t max_items = 1000;
};

// Sends a message to the subscribers of a channel on every node once the batch is applied.
struct Publish {
  Publish() = default;
  Publish(std::string to_channel, std::string publish_message)
      : channel(std::move(to_channel)), message(std::move(publish_message)) {}

  std::string channel;
  std::string message;
};

}  // namespace op

using StateOp = std::variant<op::Get, op::Set, op::SetIfAbsent, op::Delete, op::CompareAndSet, op::Increment,
                             op::ListAppend, op::ListRange, op::ListPopFront, op::ListRemove, op::GcraTake,
                             op::SetAdd, op::SetRemove, op::SetContains, op::SetMembers, op::Publish>;

struct ListItem {
  uint64_t id = 0;
  std::string value;

  bool operator==(const ListItem&) const = default;
};

// What one operation answered. Which fields carry meaning depends on the operation.
struct StateResult {
  StateStatus status;
  // Get: the value. CompareAndSet on mismatch: the current value, or none when absent.
  std::optional<std::string> value;
  // Increment: the new value; on would_cross the unchanged current one. GcraTake: see op.
  int64_t number = 0;
  // ListAppend: the new item's id.
  uint64_t item_id = 0;
  // ListRange, ListPopFront, SetMembers: the items, oldest first.
  std::vector<ListItem> items;
  // ListRemove: how many of the ids were in the list. Delete, SetAdd, SetRemove, SetContains: 1 or 0.
  uint64_t count = 0;
};

// What a batch answered: one result per operation, in order. `status` is ok when every
// operation ran; otherwise it is the answer that stopped the batch (or busy, unavailable, error
// for the whole call), nothing of the batch was written, and the operations after the one that
// stopped it answer `aborted`.
struct BatchResult {
  StateStatus status;
  std::vector<StateResult> results;
};

// A batch of `op_count` operations that did not run: the batch and each operation answer `status`
// (busy, unavailable or error).
inline BatchResult refused_batch(size_t op_count, const StateStatus& status) {
  BatchResult batch;
  batch.status = status;
  batch.results.resize(op_count);
  for (StateResult& result : batch.results) result.status = status;
  return batch;
}

// ---- Conversion to and from the C structs ----

inline smppd_state_bytes bytes_of(std::string_view text) { return smppd_state_bytes{text.data(), text.size()}; }
inline std::string string_of(smppd_state_bytes bytes) {
  return bytes.size == 0 ? std::string() : std::string(bytes.data, static_cast<size_t>(bytes.size));
}

// C views of a batch of operations; they point into the batch, which must outlive this.
class COps {
 public:
  explicit COps(const std::vector<StateOp>& ops) {
    ops_.reserve(ops.size());
    for (const StateOp& op : ops) ops_.push_back(std::visit([](const auto& typed) { return to_c(typed); }, op));
  }
  const smppd_state_op* data() const { return ops_.data(); }
  uint32_t size() const { return static_cast<uint32_t>(ops_.size()); }

 private:
  static smppd_state_op blank(int32_t type) {
    smppd_state_op c{};
    c.struct_size = sizeof(smppd_state_op);
    c.type = type;
    c.floor = kNoFloor;
    c.ceiling = kNoCeiling;
    return c;
  }
  static smppd_state_op keyed(int32_t type, const std::string& key) {
    smppd_state_op c = blank(type);
    c.key = bytes_of(key);
    return c;
  }
  static smppd_state_op to_c(const op::Get& o) { return keyed(SMPPD_STATE_GET, o.key); }
  static smppd_state_op to_c(const op::Set& o) {
    smppd_state_op c = keyed(SMPPD_STATE_SET, o.key);
    c.value = bytes_of(o.value);
    c.ttl_ms = o.ttl.count();
    return c;
  }
  static smppd_state_op to_c(const op::SetIfAbsent& o) {
    smppd_state_op c = keyed(SMPPD_STATE_SET_IF_ABSENT, o.key);
    c.value = bytes_of(o.value);
    c.ttl_ms = o.ttl.count();
    return c;
  }
  static smppd_state_op to_c(const op::Delete& o) { return keyed(SMPPD_STATE_DELETE, o.key); }
  static smppd_state_op to_c(const op::CompareAndSet& o) {
    smppd_state_op c = keyed(SMPPD_STATE_COMPARE_AND_SET, o.key);
    c.expected = bytes_of(o.expected);
    c.value = bytes_of(o.desired);
    c.ttl_ms = o.ttl.count();
    return c;
  }
  static smppd_state_op to_c(const op::Increment& o) {
    smppd_state_op c = keyed(SMPPD_STATE_INCREMENT, o.key);
    c.amount = o.delta;
    c.floor = o.floor;
    c.ceiling = o.ceiling;
    c.ttl_ms = o.ttl.count();
    return c;
  }
  static smppd_state_op to_c(const op::ListAppend& o) {
    smppd_state_op c = keyed(SMPPD_STATE_LIST_APPEND, o.list);
    c.value = bytes_of(o.value);
    c.ttl_ms = o.item_ttl.count();
    c.list_ttl_ms = o.list_ttl.count();
    return c;
  }
  static smppd_state_op to_c(const op::ListRange& o) {
    smppd_state_op c = keyed(SMPPD_STATE_LIST_RANGE, o.list);
    c.after_id = o.after_id;
    c.max_items = o.max_items;
    return c;
  }
  static smppd_state_op to_c(const op::ListPopFront& o) {
    smppd_state_op c = keyed(SMPPD_STATE_LIST_POP_FRONT, o.list);
    c.max_items = o.max_items;
    return c;
  }
  static smppd_state_op to_c(const op::ListRemove& o) {
    smppd_state_op c = keyed(SMPPD_STATE_LIST_REMOVE, o.list);
    c.ids = o.ids.data();
    c.id_count = static_cast<uint32_t>(o.ids.size());
    return c;
  }
  static smppd_state_op to_c(const op::GcraTake& o) {
    smppd_state_op c = keyed(SMPPD_STATE_GCRA_TAKE, o.key);
    c.amount = o.amount;
    c.interval_us = o.interval.count();
    c.burst = o.burst;
    return c;
  }
  static smppd_state_op to_c(const op::SetAdd& o) {
    smppd_state_op c = keyed(SMPPD_STATE_SET_ADD, o.set);
    c.value = bytes_of(o.member);
    c.ttl_ms = o.ttl.count();
    return c;
  }
  static smppd_state_op to_c(const op::SetRemove& o) {
    smppd_state_op c = keyed(SMPPD_STATE_SET_REMOVE, o.set);
    c.value = bytes_of(o.member);
    return c;
  }
  static smppd_state_op to_c(const op::SetContains& o) {
    smppd_state_op c = keyed(SMPPD_STATE_SET_CONTAINS, o.set);
    c.value = bytes_of(o.member);
    return c;
  }
  static smppd_state_op to_c(const op::SetMembers& o) {
    smppd_state_op c = keyed(SMPPD_STATE_SET_MEMBERS, o.set);
    c.max_items = o.max_items;
    return c;
  }
  static smppd_state_op to_c(const op::Publish& o) {
    smppd_state_op c = keyed(SMPPD_STATE_PUBLISH, o.channel);
    c.value = bytes_of(o.message);
    return c;
  }

  std::vector<smppd_state_op> ops_;
};

// Why a C operation cannot be taken, or empty when it is well formed (a known type, sizes that
// fit, a GCRA with a positive interval and burst).
inline std::string check_c_op(const smppd_state_op& c) {
  if (c.struct_size < sizeof(smppd_state_op)) return "operation struct_size too small";
  if (c.type < SMPPD_STATE_GET || c.type > SMPPD_STATE_PUBLISH) return "unknown operation type";
  if ((c.key.size > 0 && c.key.data == nullptr) || (c.value.size > 0 && c.value.data == nullptr) ||
      (c.expected.size > 0 && c.expected.data == nullptr) || (c.id_count > 0 && c.ids == nullptr)) {
    return "operation bytes without data";
  }
  if (c.key.size == 0) return "empty key";
  if (c.ttl_ms < 0 || c.list_ttl_ms < 0) return "negative ttl";
  if (c.type == SMPPD_STATE_GCRA_TAKE && (c.interval_us <= 0 || c.burst < 1 || c.amount < 0)) {
    return "gcra_take needs interval_us > 0, burst >= 1 and amount >= 0";
  }
  if (c.type == SMPPD_STATE_INCREMENT && c.floor > c.ceiling) return "increment floor above ceiling";
  return {};
}

// A C operation as a value; check_c_op() first.
inline StateOp op_from_c(const smppd_state_op& c) {
  const std::string key = string_of(c.key);
  const Ttl ttl{c.ttl_ms};
  switch (c.type) {
    case SMPPD_STATE_GET: return op::Get{key};
    case SMPPD_STATE_SET: return op::Set{key, string_of(c.value), ttl};
    case SMPPD_STATE_SET_IF_ABSENT: return op::SetIfAbsent{key, string_of(c.value), ttl};
    case SMPPD_STATE_DELETE: return op::Delete{key};
    case SMPPD_STATE_COMPARE_AND_SET: return op::CompareAndSet{key, string_of(c.expected), string_of(c.value), ttl};
    case SMPPD_STATE_INCREMENT: return op::Increment{key, c.amount, c.floor, c.ceiling, ttl};
    case SMPPD_STATE_LIST_APPEND: return op::ListAppend{key, string_of(c.value), ttl, Ttl{c.list_ttl_ms}};
    case SMPPD_STATE_LIST_RANGE: return op::ListRange{key, c.after_id, c.max_items};
    case SMPPD_STATE_LIST_POP_FRONT: return op::ListPopFront{key, c.max_items};
    case SMPPD_STATE_LIST_REMOVE: return op::ListRemove{key, std::vector<uint64_t>(c.ids, c.ids + c.id_count)};
    case SMPPD_STATE_GCRA_TAKE: return op::GcraTake{key, c.amount, std::chrono::microseconds(c.interval_us), c.burst};
    case SMPPD_STATE_SET_ADD: return op::SetAdd{key, string_of(c.value), ttl};
    case SMPPD_STATE_SET_REMOVE: return op::SetRemove{key, string_of(c.value)};
    case SMPPD_STATE_SET_CONTAINS: return op::SetContains{key, string_of(c.value)};
    case SMPPD_STATE_SET_MEMBERS: return op::SetMembers{key, c.max_items};
    default: return op::Publish{key, string_of(c.value)};
  }
}

// C views of a batch's answer; they point into `batch`, which must outlive this.
class CBatchResult {
 public:
  explicit CBatchResult(const BatchResult& batch) {
    items_.resize(batch.results.size());
    results_.reserve(batch.results.size());
    for (size_t i = 0; i < batch.results.size(); ++i) {
      const StateResult& result = batch.results[i];
      for (const ListItem& item : result.items) items_[i].push_back(smppd_state_item{item.id, bytes_of(item.value)});
      smppd_state_result c{};
      c.struct_size = sizeof(smppd_state_result);
      c.status = static_cast<int32_t>(result.status.code);
      c.has_value = result.value.has_value() ? 1 : 0;
      if (result.value) c.value = bytes_of(*result.value);
      c.number = result.number;
      c.item_id = result.item_id;
      c.count = result.count;
      c.items = items_[i].data();
      c.item_count = static_cast<uint32_t>(items_[i].size());
      results_.push_back(c);
    }
    c_.struct_size = sizeof(smppd_state_batch_result);
    c_.status = static_cast<int32_t>(batch.status.code);
    c_.result_count = static_cast<uint32_t>(results_.size());
    c_.message = bytes_of(batch.status.message);
    c_.results = results_.data();
  }
  CBatchResult(const CBatchResult&) = delete;
  CBatchResult& operator=(const CBatchResult&) = delete;

  const smppd_state_batch_result* get() const { return &c_; }

 private:
  std::vector<std::vector<smppd_state_item>> items_;
  std::vector<smppd_state_result> results_;
  smppd_state_batch_result c_{};
};

// A C batch answer as a value, for a batch of `op_count` operations: a missing or short answer
// becomes an error, so a backend's mistake cannot read past its results.
inline BatchResult batch_from_c(const smppd_state_batch_result* c, size_t op_count) {
  if (c == nullptr || c->struct_size < sizeof(smppd_state_batch_result)) {
    return refused_batch(op_count, StateStatus{StateCode::error, "the backend answered no result"});
  }
  BatchResult batch;
  batch.status = StateStatus{code_from_c(c->status), string_of(c->message)};
  if (c->result_count != op_count || (op_count > 0 && c->results == nullptr)) {
    if (batch.status.ok()) batch.status = StateStatus{StateCode::error, "the backend answered a wrong number of results"};
    return refused_batch(op_count, batch.status);
  }
  batch.results.reserve(op_count);
  for (size_t i = 0; i < op_count; ++i) {
    const smppd_state_result& r = c->results[i];
    StateResult result;
    result.status.code = code_from_c(r.status);
    if (r.has_value) result.value = string_of(r.value);
    result.number = r.number;
    result.item_id = r.item_id;
    result.count = r.count;
    if (r.item_count > 0 && r.items != nullptr) {
      result.items.reserve(r.item_count);
      for (uint32_t k = 0; k < r.item_count; ++k) result.items.push_back(ListItem{r.items[k].id, string_of(r.items[k].value)});
    }
    if (result.status.stops_batch() && result.status.code >= StateCode::busy) result.status.message = batch.status.message;
    batch.results.push_back(std::move(result));
  }
  return batch;
}

}  // namespace smppd::cxx::state
