#pragma once

#include <cstdint>

#include "plugins/lb/lb_builtin/lb_config.h"
#include "plugins/lb/lb_builtin/rotation_cursor.h"
#include "smppd/cxx/lb.hpp"

namespace smppd::plugins::lb_builtin {

// least_request: the bind with the lowest in_flight/window, so that binds with larger windows
// take more. Ties go round robin among the tied binds (a RotationCursor): at low load every bind
// is at 0 and ties are the rule, and rotating spreads them exactly, deterministically and without
// a random generator, where power-of-two-choices would send some binds two in a row. The scan is
// O(count) either way, since the lowest load must be found.
class LeastRequestPolicy {
 public:
  LeastRequestPolicy(const LbConfig& config, int32_t worker) noexcept;

  // An index into `candidates`, or -1 when there are none.
  int32_t pick(const cxx::LbCandidates& candidates) noexcept;

  // True when a carries less load than b: a.in_flight/a.window < b.in_flight/b.window, compared
  // exactly in integers (a window of 0 counts as 1).
  static bool less_loaded(const cxx::LbCandidate& a, const cxx::LbCandidate& b) noexcept;

 private:
  bool prefer_same_worker_;
  RotationCursor ties_;
};

}  // namespace smppd::plugins::lb_builtin
