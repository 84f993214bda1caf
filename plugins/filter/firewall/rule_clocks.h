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

}  // namespace smppd::plugins::firewall
