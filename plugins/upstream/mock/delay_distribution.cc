#include "plugins/upstream/mock/delay_distribution.h"

#include <algorithm>
#include <cmath>

namespace smppd::plugins::mock {
namespace {

std::chrono::nanoseconds from_ms(double ms) { return std::chrono::nanoseconds(std::llround(std::max(0.0, ms) * 1e6)); }

}  // namespace

std::chrono::nanoseconds DelayDistribution::sample(std::mt19937_64& random) const {
  switch (kind) {
    case Kind::fixed: return from_ms(mean_ms);
    case Kind::uniform: {
      if (max_ms <= min_ms) return from_ms(min_ms);
      return from_ms(std::uniform_real_distribution<double>(min_ms, max_ms)(random));
    }
    case Kind::exponential: {
      const double spread = mean_ms - min_ms;
      if (spread <= 0) return from_ms(min_ms);
      const double drawn = min_ms + std::exponential_distribution<double>(1.0 / spread)(random);
      return from_ms(std::min(drawn, max_ms));
    }
  }
  return from_ms(mean_ms);
}

}  // namespace smppd::plugins::mock
