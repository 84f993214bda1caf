#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smppd::state {

// How a state store operation ended. Only `ok` and `not_found` are answers about the data that
// leave a batch standing; the conditional answers (exists, mismatch, would_cross) and the
// failures stop an atomic batch, and then nothing of it is written.
enum class StateCode : uint8_t {
  ok,
  not_found,    // get, delete: no live entry under the key
  exists,       // set_if_absent: a live entry is already there
  mismatch,     // compare_and_set: the current value is not the expected one, or there is none
  would_cross,  // increment: the result would leave [floor, ceiling]; nothing changed
  aborted,      // in a batch: an earlier operation stopped it, this one did not run
  busy,         // the store's queue is full; nothing was done (retry later, or fail per policy)
  unavailable,  // the store is closed or cannot be reached; nothing was done
  error,        // the backend failed (I/O, a stored value of the wrong shape); see the message
};

std::string_view name_of(StateCode code);

struct StateStatus {
  StateCode code = StateCode::ok;
  std::string message;  // why, for busy, unavailable and error

  bool ok() const { return code == StateCode::ok; }
  // Whether this answer stops an atomic batch.
  bool stops_batch() const { return code != StateCode::ok && code != StateCode::not_found; }
  // "error: IO error: No space left on device", for logs.
  std::string to_string() const;
};

}  // namespace smppd::state
