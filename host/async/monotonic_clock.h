#pragma once

#include <chrono>
#include <cstdint>

namespace smppd::async {

// steady_clock in nanoseconds: the clock of the plugin ABI's core.monotonic_ns and call now_ns.
inline int64_t nanoseconds_of(std::chrono::steady_clock::time_point time) noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

inline int64_t monotonic_ns() noexcept { return nanoseconds_of(std::chrono::steady_clock::now()); }

}  // namespace smppd::async
