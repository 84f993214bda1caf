#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <variant>
#include <vector>

// The operations a state store applies. Keys, values and list names are byte strings; callers
// keep to a namespace by prefix (state_keys.h).
//
// Each operation is a small struct with public fields and a constructor taking them in order,
// trailing ones defaulted: run(op::Set{key, value, 72h}, ...). The constructors are on purpose:
// g++ 12 miscompiles an aggregate temporary that holds a std::string inside a co_await
// expression (the string is copied bitwise into the coroutine frame and later freed from the
// wrong address), and `co_await async_run(store, op::Get{key}, ...)` is exactly that shape.
// A type with a constructor is not an aggregate, so that call is safe.
namespace smppd::state {

// A time to live; zero means the entry never expires. Expiry is wall-clock time, stored with the
// entry, so it holds across restarts.
using Ttl = std::chrono::milliseconds;
inline constexpr Ttl kNoExpiry{0};

inline constexpr int64_t kNoFloor = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kNoCeiling = std::numeric_limits<int64_t>::max();

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

}  // namespace op

using StateOp = std::variant<op::Get, op::Set, op::SetIfAbsent, op::Delete, op::CompareAndSet, op::Increment,
                             op::ListAppend, op::ListRange, op::ListPopFront, op::ListRemove>;

}  // namespace smppd::state
