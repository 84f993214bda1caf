#pragma once

#include <cstdint>

namespace smppd::plugins::firewall {

// The clocks rules read. A message asks them only when a rule with a time window or a rate
// condition is checked: two clock reads cost a message more than the rest of its rule checks.
class RuleClocks {
 public:
  virtual ~RuleClocks() = default;
  virtual int64_t monotonic_ns() const noexcept = 0;
  virtual int64_t realtime_ns() const noexcept = 0;
};

// Clocks that stand still, for tests and benchmarks.
class FixedClocks final : public RuleClocks {
 public:
  FixedClocks(int64_t monotonic_ns, int64_t realtime_ns) : monotonic_ns_(monotonic_ns), realtime_ns_(realtime_ns) {}
  int64_t monotonic_ns() const noexcept override { return monotonic_ns_; }
  int64_t realtime_ns() const noexcept override { return realtime_ns_; }

 private:
  int64_t monotonic_ns_;
  int64_t realtime_ns_;
};

}  // namespace smppd::plugins::firewall
