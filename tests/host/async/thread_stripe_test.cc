#include "host/async/thread_stripe.h"

#include <gtest/gtest.h>

#include <thread>

namespace smppd::async {
namespace {

TEST(ThreadStripeTest, WorkersHaveTheStripeOfTheirIndexAndKeepIt) {
  size_t first = kThreadStripes;
  size_t second = kThreadStripes;
  size_t wrapped = kThreadStripes;
  std::thread([&] {
    claim_thread_stripe(0);
    first = thread_stripe();
    EXPECT_EQ(thread_stripe(), first) << "a thread keeps its stripe";
  }).join();
  std::thread([&] {
    claim_thread_stripe(1);
    second = thread_stripe();
  }).join();
  std::thread([&] {
    claim_thread_stripe(kThreadStripes + 1);
    wrapped = thread_stripe();
  }).join();
  EXPECT_EQ(first, 0u);
  EXPECT_EQ(second, 1u);
  EXPECT_EQ(wrapped, 1u) << "more workers than stripes share them in turn";
}

TEST(ThreadStripeTest, OtherThreadsTakeStripesFromTheLastDown) {
  size_t a = kThreadStripes;
  size_t b = kThreadStripes;
  std::thread([&] { a = thread_stripe(); }).join();
  std::thread([&] { b = thread_stripe(); }).join();
  EXPECT_LT(a, kThreadStripes);
  EXPECT_LT(b, kThreadStripes);
  EXPECT_NE(a, b) << "two threads in turn do not share a stripe";
  EXPECT_EQ((a + kThreadStripes - 1) % kThreadStripes, b) << "taken downwards, away from the workers' own";
}

}  // namespace
}  // namespace smppd::async
