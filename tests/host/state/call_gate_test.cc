#include "host/state/call_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace smppd::state {
namespace {

TEST(CallGateTest, ShutWaitsForACallInsideOnAnotherThreadThenRefusesNewCalls) {
  CallGate gate;
  std::atomic<bool> inside{false};
  std::atomic<bool> release{false};
  std::atomic<bool> shut_done{false};
  std::thread caller([&] {
    ASSERT_TRUE(gate.enter());
    inside = true;
    while (!release) std::this_thread::yield();
    gate.leave();
  });
  while (!inside) std::this_thread::yield();
  std::thread owner([&] {
    gate.shut();
    shut_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(shut_done) << "shut() returned while a call was inside";
  release = true;
  caller.join();
  owner.join();
  EXPECT_TRUE(shut_done);
  EXPECT_FALSE(gate.enter()) << "a shut gate lets no call in";
  gate.reopen();
  EXPECT_TRUE(gate.enter());
  gate.leave();
}

TEST(CallGateTest, CallsFromManyThreadsAllLeaveBeforeShutReturns) {
  CallGate gate;
  std::atomic<int> inside{0};
  std::atomic<bool> stop{false};
  std::atomic<int> after_shut{0};
  std::atomic<bool> shut{false};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      while (!stop) {
        if (!gate.enter()) continue;
        inside.fetch_add(1);
        if (shut) after_shut.fetch_add(1);
        inside.fetch_sub(1);
        gate.leave();
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  gate.shut();
  shut = true;
  EXPECT_EQ(inside.load(), 0) << "a call was inside when shut() returned";
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(after_shut.load(), 0) << "a call got in after shut()";
}

TEST(CallGateTest, APassLeavesTheGateOnAnExceptionToo) {
  CallGate gate;
  try {
    const CallGate::Pass pass(gate);
    ASSERT_TRUE(pass);
    throw std::runtime_error("the store threw");
  } catch (const std::runtime_error&) {
  }
  std::atomic<bool> shut_done{false};
  std::thread owner([&] {
    gate.shut();
    shut_done = true;
  });
  for (int i = 0; i < 200 && !shut_done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(shut_done) << "shut() waits for a call that left by an exception";
  if (!shut_done) gate.leave();  // let the owner go, so that the test ends
  owner.join();
  const CallGate::Pass refused(gate);
  EXPECT_FALSE(refused) << "a shut gate gives no pass";
}

}  // namespace
}  // namespace smppd::state
