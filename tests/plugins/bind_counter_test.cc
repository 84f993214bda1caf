// The bind counter of the plugins that limit concurrent binds (smppd/cxx/bind_counter.hpp).
#include "smppd/cxx/bind_counter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace smppd::cxx {
namespace {

TEST(BindCounterTest, LimitsAndReleasesPerSystemId) {
  auto counter = std::make_shared<BindCounter>();
  auto a = counter->try_acquire("acme", 2);
  auto b = counter->try_acquire("acme", 2);
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(counter->try_acquire("acme", 2));
  EXPECT_TRUE(counter->try_acquire("other", 1));  // released at once: a temporary
  EXPECT_EQ(counter->held("acme"), 2u);
  EXPECT_EQ(counter->held("other"), 0u);
  a.reset();
  EXPECT_EQ(counter->held("acme"), 1u);
  EXPECT_TRUE(counter->try_acquire("acme", 2));
  BindSlot moved = std::move(*b);
  b.reset();  // a moved-from slot releases nothing
  EXPECT_EQ(counter->held("acme"), 1u);
}

TEST(BindCounterTest, ZeroMeansUnlimitedButCounted) {
  auto counter = std::make_shared<BindCounter>();
  std::vector<BindSlot> slots;
  for (int i = 0; i < 100; ++i) slots.push_back(*counter->try_acquire("acme", 0));
  EXPECT_EQ(counter->held("acme"), 100u);
  slots.clear();
  EXPECT_EQ(counter->held("acme"), 0u);
}

TEST(BindCounterTest, NeverExceedsTheLimitUnderContention) {
  auto counter = std::make_shared<BindCounter>();
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::vector<BindSlot> held;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (auto slot = counter->try_acquire("acme", 5)) {
          ++granted;
          std::lock_guard lock(mutex);
          held.push_back(std::move(*slot));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 5);
  EXPECT_EQ(counter->held("acme"), 5u);
}

TEST(BindCounterTest, IsOneForTheProcess) { EXPECT_EQ(BindCounter::process_wide(), BindCounter::process_wide()); }

}  // namespace
}  // namespace smppd::cxx
