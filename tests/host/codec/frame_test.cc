#include "host/codec/frame.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::from_hex;

TEST(Frame, NeedsFourOctetsToKnowTheLength) {
  const auto bytes = from_hex("000000");
  EXPECT_EQ(next_frame(bytes).state, FrameState::incomplete);
  EXPECT_EQ(next_frame(bytes).length, 0u);
}

TEST(Frame, IncompleteUntilCommandLengthOctetsArrive) {
  const auto bytes = from_hex("00000010000000150000000000");
  const Frame frame = next_frame(bytes);
  EXPECT_EQ(frame.state, FrameState::incomplete);
  EXPECT_EQ(frame.length, 16u);
}

TEST(Frame, CompleteFrameLeavesTheRestForTheNext) {
  // cloudhopper E11: a whole enquire_link_resp followed by a truncated second one.
  const auto bytes = from_hex("0000001080000015000000000A342EED0000001080000015000000000A342E");
  const Frame first = next_frame(bytes);
  ASSERT_EQ(first.state, FrameState::complete);
  EXPECT_EQ(first.length, 16u);
  const Frame second = next_frame(std::span(bytes).subspan(first.length));
  EXPECT_EQ(second.state, FrameState::incomplete);
  EXPECT_EQ(second.length, 16u);
}

TEST(Frame, ConfiguredMaximumIsHonoured) {
  auto bytes = from_hex("00000101");  // 257
  EXPECT_EQ(next_frame(bytes, FrameLimits{256}).state, FrameState::invalid);
  EXPECT_EQ(next_frame(bytes, FrameLimits{257}).state, FrameState::incomplete);
}

}  // namespace
}  // namespace smppd::codec
