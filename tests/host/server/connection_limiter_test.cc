#include "host/server/connection_limiter.h"

#include <gtest/gtest.h>

#include <vector>

namespace smppd::server {
namespace {

TEST(ConnectionLimiter, PerIpLimitAndRelease) {
  auto limiter = std::make_shared<ConnectionLimiter>(10, 2);
  ConnectionLimiter::Refusal refusal;
  auto a = limiter->try_admit("192.0.2.1", refusal);
  auto b = limiter->try_admit("192.0.2.1", refusal);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(limiter->try_admit("192.0.2.1", refusal), nullptr);
  EXPECT_EQ(refusal, ConnectionLimiter::Refusal::ip_full);
  EXPECT_NE(limiter->try_admit("192.0.2.2", refusal), nullptr) << "another address is not affected";
  a.reset();
  EXPECT_NE(limiter->try_admit("192.0.2.1", refusal), nullptr) << "a closed connection frees its place";
}

TEST(ConnectionLimiter, ListenerLimit) {
  auto limiter = std::make_shared<ConnectionLimiter>(3, 0);
  ConnectionLimiter::Refusal refusal;
  std::vector<std::unique_ptr<ConnectionLimiter::Ticket>> tickets;
  for (int i = 0; i < 3; ++i) tickets.push_back(limiter->try_admit("192.0.2." + std::to_string(i), refusal));
  EXPECT_EQ(limiter->total(), 3u);
  EXPECT_EQ(limiter->try_admit("192.0.2.9", refusal), nullptr);
  EXPECT_EQ(refusal, ConnectionLimiter::Refusal::listener_full);
  tickets.clear();
  EXPECT_EQ(limiter->total(), 0u);
}

}  // namespace
}  // namespace smppd::server
