#include "host/server/bind_throttle.h"

#include <gtest/gtest.h>

namespace smppd::server {
namespace {

using namespace std::chrono_literals;

TEST(BindThrottle, BurstThenRatePerIp) {
  BindThrottle throttle(/*attempts_per_second=*/2, /*burst=*/3);
  const auto t0 = BindThrottle::Clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(throttle.try_acquire("192.0.2.1", t0)) << i;
  EXPECT_FALSE(throttle.try_acquire("192.0.2.1", t0)) << "the burst is spent";
  EXPECT_TRUE(throttle.try_acquire("192.0.2.2", t0)) << "another address has its own bucket";
  EXPECT_FALSE(throttle.try_acquire("192.0.2.1", t0 + 400ms)) << "0.8 of a token refilled";
  EXPECT_TRUE(throttle.try_acquire("192.0.2.1", t0 + 500ms)) << "one token refilled at 2/s";
  EXPECT_FALSE(throttle.try_acquire("192.0.2.1", t0 + 500ms));
}

TEST(BindThrottle, RefillsNoFurtherThanTheBurst) {
  BindThrottle throttle(10, 2);
  const auto t0 = BindThrottle::Clock::time_point{} + 1h;
  EXPECT_TRUE(throttle.try_acquire("a", t0));
  const auto later = t0 + 1h;
  EXPECT_TRUE(throttle.try_acquire("a", later));
  EXPECT_TRUE(throttle.try_acquire("a", later));
  EXPECT_FALSE(throttle.try_acquire("a", later));
}

TEST(BindThrottle, ZeroRateDisablesIt) {
  BindThrottle throttle(0, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(throttle.try_acquire("a"));
}

TEST(BindThrottle, ManyAddressesDoNotGrowWithoutBound) {
  // A flood from many addresses: the table is bounded and the throttle still works afterwards.
  BindThrottle throttle(1, 1, /*max_tracked_ips=*/100);
  const auto t0 = BindThrottle::Clock::time_point{} + 1h;
  for (int i = 0; i < 10000; ++i) throttle.try_acquire("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), t0);
  EXPECT_TRUE(throttle.try_acquire("192.0.2.9", t0));
  EXPECT_FALSE(throttle.try_acquire("192.0.2.9", t0));
}

}  // namespace
}  // namespace smppd::server
