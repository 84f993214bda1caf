#include <gtest/gtest.h>

#include "host/upstream/endpoint.h"

namespace smppd::upstream {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// How many submits the limiter lets go in `span`, asked every millisecond of a made-up clock.
int allowed_over(RateLimiter& limiter, Clock::time_point start, std::chrono::milliseconds span) {
  int allowed = 0;
  for (auto now = start; now < start + span; now += 1ms) {
    while (limiter.acquire(now) == 0ns) ++allowed;
  }
  return allowed;
}

TEST(RateLimiter, HoldsAnEndpointToItsMaxTps) {
  RateLimiter limiter(100);
  const Clock::time_point start{};
  // A burst of a tenth of a second (10), then 100 per second.
  const int allowed = allowed_over(limiter, start + 1s, 10s);
  EXPECT_GE(allowed, 1000);
  EXPECT_LE(allowed, 1010 + 1);
}

TEST(RateLimiter, SaysHowLongToWait) {
  RateLimiter limiter(10);
  const Clock::time_point now = Clock::time_point{} + 1s;
  ASSERT_EQ(limiter.acquire(now), 0ns);  // the burst of one (a tenth of 10 per second)
  const std::chrono::nanoseconds wait = limiter.acquire(now);
  EXPECT_GT(wait, 99ms);
  EXPECT_LE(wait, 100ms + 1ns);
  EXPECT_EQ(limiter.acquire(now + wait), 0ns);
}

}  // namespace
}  // namespace smppd::upstream
