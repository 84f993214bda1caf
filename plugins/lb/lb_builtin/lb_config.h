#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace smppd::plugins::lb_builtin {

// What the three policies read from their lb_config table.
struct LbConfig {
  // Choose among the binds on the calling worker when there are any (no cross-thread hop for the
  // submit), else among all. On by default: the hop there and back cost half of smppd's
  // throughput with 2 workers (docs/benchmarks.md).
  bool prefer_same_worker = true;
  // weighted_random only: a fixed seed for reproducible tests (each worker mixes in its index).
  std::optional<uint64_t> seed;
};

// Throws smppd::cxx::ConfigError naming the key. `accepts_seed` is true for weighted_random.
LbConfig parse_lb_config(std::string_view json, bool accepts_seed);

inline constexpr const char* kRoundRobinSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "prefer_same_worker": {"type": "boolean", "default": true,
      "description": "choose among the binds on the calling worker when there are any"}
  }
})json";

inline constexpr const char* kLeastRequestSchema = kRoundRobinSchema;

inline constexpr const char* kWeightedRandomSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "prefer_same_worker": {"type": "boolean", "default": true,
      "description": "choose among the binds on the calling worker when there are any"},
    "seed": {"type": "integer", "minimum": 0,
      "description": "a fixed seed for reproducible runs (each worker mixes in its index)"}
  }
})json";

}  // namespace smppd::plugins::lb_builtin
