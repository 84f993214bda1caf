#pragma once

#include <cstdint>

#include "plugins/lb/lb_builtin/lb_config.h"
#include "plugins/lb/lb_builtin/rotation_cursor.h"
#include "smppd/cxx/lb.hpp"

namespace smppd::plugins::lb_builtin {

// round_robin: each bind in turn, by a cursor that survives the candidate set changing between
// picks (RotationCursor). One per worker: no locks.
class RoundRobinPolicy {
 public:
  RoundRobinPolicy(const LbConfig& config, int32_t worker) noexcept;

  // An index into `candidates`, or -1 when there are none.
  int32_t pick(const cxx::LbCandidates& candidates) noexcept;

 private:
  bool prefer_same_worker_;
  RotationCursor cursor_;
};

}  // namespace smppd::plugins::lb_builtin
