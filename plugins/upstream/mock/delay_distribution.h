#pragma once

#include <chrono>
#include <random>

namespace smppd::plugins::mock {

// How long something simulated takes: a latency or a receipt's delay, in milliseconds.
//   fixed: always `mean`.
//   uniform: evenly between `min` and `max`.
//   exponential: `min` plus an exponential draw with mean `mean - min`, capped at `max` (a floor
//   of propagation plus queueing; the mean stays close to `mean` while `max` is well above it).
struct DelayDistribution {
  enum class Kind { fixed, uniform, exponential };

  Kind kind = Kind::fixed;
  double mean_ms = 0;
  double min_ms = 0;
  double max_ms = 0;

  std::chrono::nanoseconds sample(std::mt19937_64& random) const;
};

}  // namespace smppd::plugins::mock
