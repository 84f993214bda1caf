#pragma once

#include <cstdint>
#include <random>

#include "plugins/lb/lb_builtin/lb_config.h"
#include "smppd/cxx/lb.hpp"

namespace smppd::plugins::lb_builtin {

// weighted_random: a bind at random, each with the probability weight / total weight. A weight
// is the endpoint's and every bind of it carries it, so shares are per bind, as round_robin's
// are. When every weight is 0 the choice is uniform. One per worker, with its own generator.
class WeightedRandomPolicy {
 public:
  // Seeded from config.seed mixed with the worker index, else from std::random_device (which
  // may throw: the adapter then refuses the worker).
  WeightedRandomPolicy(const LbConfig& config, int32_t worker);

  // An index into `candidates`, or -1 when there are none.
  int32_t pick(const cxx::LbCandidates& candidates) noexcept;

 private:
  bool prefer_same_worker_;
  std::mt19937_64 random_;
};

}  // namespace smppd::plugins::lb_builtin
