#pragma once

#include <cstdint>

namespace smppd::plugins::ratelimit {

// A rate as GCRA takes it: one unit per `interval_ns`, bursts of up to `burst` units. The same
// shape as the state store's GcraTake (smppd/state.h), so a local and a global limit of one config
// allow the same traffic.
struct GcraRate {
  int64_t interval_ns = 1'000'000'000;
  int64_t burst = 1;

  friend bool operator==(const GcraRate&, const GcraRate&) = default;
};

// `rate` units per second (per_minute: per minute) as an interval; at least 1 ns.
GcraRate gcra_rate(double rate, bool per_minute, int64_t burst);

// One bucket's state: its theoretical arrival time (TAT). A TAT at or before now is a full
// bucket, so a bucket nobody used (TAT 0) is full.
struct GcraStep {
  bool taken = false;
  int64_t tat_ns = 0;  // the new TAT when taken; the unchanged one otherwise
};

// Takes `amount` units at `now_ns` when the bucket holds them; nothing otherwise. An amount above
// the burst is never taken.
GcraStep gcra_take(const GcraRate& rate, int64_t tat_ns, int64_t now_ns, int64_t amount);

// Gives back `amount` units taken earlier (a later limit refused the message).
int64_t gcra_refund(const GcraRate& rate, int64_t tat_ns, int64_t amount);

}  // namespace smppd::plugins::ratelimit
