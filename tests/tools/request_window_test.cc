#include "tools/smpp/request_window.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace smppd::tools {
namespace {

using codec::CommandId;
using Clock = RequestWindow::Clock;
using namespace std::chrono_literals;

uint32_t add(RequestWindow& window, bool counted, Clock::time_point deadline = Clock::time_point::max()) {
  return window.add(CommandId::submit_sm, counted, Clock::now(), deadline, nullptr);
}

TEST(RequestWindowTest, WrapsFromTheLargestSequenceNumberToOne) {
  RequestWindow window(4, 0x7FFFFFFE);
  EXPECT_EQ(add(window, true), 0x7FFFFFFEu);
  EXPECT_EQ(add(window, true), 0x7FFFFFFFu);
  EXPECT_EQ(add(window, true), 1u);
}

TEST(RequestWindowTest, SkipsANumberWhoseSlotIsStillInFlight) {
  // Window 1: 16 slots. An unanswered request holds slot 1, so 17 (also slot 1) is skipped.
  RequestWindow window(1, 1);
  ASSERT_EQ(add(window, false), 1u);
  RequestWindow::Entry taken;
  for (uint32_t expected = 2; expected <= 16; ++expected) {
    ASSERT_EQ(add(window, true), expected);
    ASSERT_TRUE(window.take(expected, taken));
  }
  EXPECT_EQ(add(window, true), 18u);
  EXPECT_TRUE(window.take(1, taken));
  EXPECT_EQ(taken.sequence_number, 1u);
}

TEST(RequestWindowTest, CountsOnlyWindowRequestsAgainstTheLimit) {
  RequestWindow window(2, 1);
  add(window, true);
  add(window, false);  // an enquire_link does not use up the window
  EXPECT_FALSE(window.full());
  add(window, true);
  EXPECT_TRUE(window.full());
  EXPECT_FALSE(window.can_add(true));
  EXPECT_TRUE(window.can_add(false));
  EXPECT_EQ(window.size(), 3u);
}

TEST(RequestWindowTest, TakesAResponseOnlyForANumberInFlight) {
  RequestWindow window(2, 5);
  const uint32_t sequence_number = add(window, true);
  RequestWindow::Entry taken;
  EXPECT_FALSE(window.take(sequence_number + 16, taken)) << "same slot, other number";
  EXPECT_FALSE(window.take(0, taken));
  EXPECT_TRUE(window.take(sequence_number, taken));
  EXPECT_FALSE(window.take(sequence_number, taken)) << "a second resp matches nothing";
  EXPECT_EQ(window.counted(), 0u);
}

TEST(RequestWindowTest, ExpiresOnlyRequestsPastTheirDeadline) {
  RequestWindow window(4, 1);
  const auto now = Clock::now();
  const uint32_t early = add(window, true, now - 1ms);
  add(window, true, now + 1h);
  std::vector<RequestWindow::Entry> expired;
  window.take_expired(now, expired);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired.front().sequence_number, early);
  EXPECT_EQ(window.counted(), 1u);
}

}  // namespace
}  // namespace smppd::tools
