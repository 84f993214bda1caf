#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace smppd::plugins::redis {

// How long to wait before the next connection attempt: doubling from `min` up to `max`, each
// wait drawn between half and all of that (jitter, so the nodes of a deployment do not all
// reconnect at once after Redis comes back).
class ReconnectBackoff {
 public:
  ReconnectBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max, uint64_t seed);

  std::chrono::milliseconds next();
  // After a connection worked: the next failure waits `min` again.
  void reset() { failures_ = 0; }

 private:
  std::chrono::milliseconds min_;
  std::chrono::milliseconds max_;
  uint32_t failures_ = 0;
  std::mt19937_64 random_;
};

}  // namespace smppd::plugins::redis
