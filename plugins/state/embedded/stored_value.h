#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/state/embedded/state_types.h"

namespace smppd::plugins::embedded {

// Wall-clock microseconds since the Unix epoch: expiry must mean the same after a restart, and a
// rate limit (GcraTake) needs steps finer than a millisecond. Tests pass a clock they move by hand.
using WallClock = std::function<int64_t()>;
WallClock system_wall_clock();

// Whole milliseconds of a wall-clock reading, the unit expiry is stored in.
inline int64_t millis_of(int64_t micros) { return micros / 1000; }

// When an entry written now with `ttl` expires: 0 (never) for kNoExpiry.
int64_t expiry_after(int64_t now_ms, Ttl ttl);

// How a value sits on disk: a format byte, the expiry when there is one, then the caller's bytes.
// Keeping the expiry inside the value lets a read treat an expired entry as absent at once and
// lets the compaction filter drop it later without any other lookup.
struct StoredValue {
  int64_t expires_at_ms = 0;  // 0: never
  std::string_view payload;   // points into the encoded bytes

  bool expired(int64_t now_ms) const { return expires_at_ms != 0 && expires_at_ms <= now_ms; }
};

std::string encode_stored_value(std::string_view payload, int64_t expires_at_ms);
// nullopt when the bytes are not a stored value (a damaged or foreign entry).
std::optional<StoredValue> decode_stored_value(std::string_view stored);

}  // namespace smppd::plugins::embedded
