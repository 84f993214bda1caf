#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/state/state_status.h"

namespace smppd::state {

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
  // Increment: the new value; on would_cross the unchanged current one.
  int64_t number = 0;
  // ListAppend: the new item's id.
  uint64_t item_id = 0;
  // ListRange, ListPopFront: the items, oldest first.
  std::vector<ListItem> items;
  // ListRemove: how many of the ids were in the list. Delete: 1 or 0.
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

}  // namespace smppd::state
