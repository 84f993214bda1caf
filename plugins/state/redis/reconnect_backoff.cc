#include "plugins/state/redis/reconnect_backoff.h"

#include <algorithm>

namespace smppd::plugins::redis {

ReconnectBackoff::ReconnectBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max, uint64_t seed)
    : min_(min), max_(std::max(min, max)), random_(seed) {}

std::chrono::milliseconds ReconnectBackoff::next() {
  int64_t ceiling = min_.count();
  for (uint32_t i = 0; i < failures_ && ceiling < max_.count(); ++i) ceiling *= 2;  // max_ is far below overflow
  ceiling = std::min(ceiling, max_.count());
  if (failures_ < 64) ++failures_;
  std::uniform_int_distribution<int64_t> draw(std::max<int64_t>(1, ceiling / 2), std::max<int64_t>(1, ceiling));
  return std::chrono::milliseconds(draw(random_));
}

}  // namespace smppd::plugins::redis
