#pragma once

#include <cstddef>
#include <cstdint>

namespace smppd::config {

// Bounds shared by several sections. Wide enough for any sane deployment, narrow enough that a
// slipped digit (a timeout in microseconds, a port of 27750) is caught at load.
inline constexpr int64_t kMaxTimeoutMs = 3'600'000;     // one hour: waits for an answer
inline constexpr int64_t kMaxIntervalMs = 86'400'000;   // one day: periods between actions
inline constexpr int64_t kMaxPort = 65535;
inline constexpr int64_t kMaxCommandStatus = 0xFFFFFFFF;
inline constexpr int64_t kMaxWindow = 10'000;
inline constexpr int64_t kMaxCount = 100'000'000;       // connections, queue slots, limits
// SMPP C-Octet String limit without the NUL (v3.4 section 5.2): a bind's system_id.
inline constexpr size_t kMaxSystemIdLength = 15;

}  // namespace smppd::config
