#include "host/async/thread_stripe.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

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

// Runs `body` on a thread that stays alive until the returned release is called.
class LiveThread {
 public:
  template <typename Body>
  explicit LiveThread(Body body)
      : thread_([this, body] {
          body();
          std::unique_lock lock(mutex_);
          ready_ = true;
          changed_.notify_all();
          changed_.wait(lock, [this] { return done_; });
        }) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return ready_; });
  }
  ~LiveThread() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool ready_ = false;
  bool done_ = false;
  std::thread thread_;
};

TEST(ThreadStripeTest, AWorkerOwnsItsStripeWhileNoOtherThreadUsesIt) {
  StripeOfThread owner{};
  LiveThread first([&] {
    claim_thread_stripe(2);
    owner = stripe_of_thread();
  });
  EXPECT_EQ(owner.index, 2u);
  EXPECT_TRUE(owner.owned);
  StripeOfThread second{};
  std::thread([&] {
    claim_thread_stripe(2);  // a second pool's worker 2
    second = stripe_of_thread();
  }).join();
  EXPECT_FALSE(second.owned) << "one owner at most";
  EXPECT_NE(second.index, 2u) << "a thread that does not own a stripe never writes an owned one";
  std::vector<size_t> others;
  for (int i = 0; i < 3 * static_cast<int>(kThreadStripes); ++i) {
    std::thread([&] {
      others.push_back(thread_stripe());
      EXPECT_FALSE(stripe_of_thread().owned);
    }).join();
  }
  for (const size_t index : others) EXPECT_NE(index, 2u) << "other threads pass over the owned stripe";
}

TEST(ThreadStripeTest, TheLastStripeIsNeverOwnedAndAStripeIsFreedWithItsThread) {
  StripeOfThread last{};
  std::thread([&] {
    claim_thread_stripe(kThreadStripes - 1);
    last = stripe_of_thread();
  }).join();
  EXPECT_FALSE(last.owned) << "other threads always find a stripe to share";
  StripeOfThread again{};
  std::thread([&] { claim_thread_stripe(3); }).join();
  std::thread([&] {
    claim_thread_stripe(3);
    again = stripe_of_thread();
  }).join();
  EXPECT_TRUE(again.owned) << "the first owner's stripe went with its thread";
}

}  // namespace
}  // namespace smppd::async
