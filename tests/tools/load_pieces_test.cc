// The small parts of a load run: the message mix and the shared token bucket.
#include <gtest/gtest.h>

#include <array>
#include <chrono>

#include "tools/smpp-bench/message_mix.h"
#include "tools/smpp-bench/token_bucket.h"

namespace smppd::tools::bench {
namespace {

using namespace std::chrono_literals;

TEST(MessageMixTest, ScheduleHoldsTheSharesOverEveryCycle) {
  std::string error;
  const auto mix = parse_message_mix("gsm7:70,ucs2:20,long:10", error);
  ASSERT_TRUE(mix.has_value()) << error;
  MixSchedule schedule(*mix, 3);
  std::array<int, kMessageKindCount> counts{};
  for (int i = 0; i < 100; ++i) ++counts[static_cast<size_t>(schedule.next())];
  EXPECT_EQ(counts[0], 70);
  EXPECT_EQ(counts[1], 20);
  EXPECT_EQ(counts[2], 10);
}

TEST(MessageMixTest, RefusesUnknownKindsAndEmptyMixes) {
  std::string error;
  EXPECT_FALSE(parse_message_mix("gsm8:10", error).has_value());
  EXPECT_FALSE(parse_message_mix("gsm7:x", error).has_value());
  EXPECT_FALSE(parse_message_mix("gsm7:0", error).has_value());
}

TEST(TokenBucketTest, GrantsTheBurstThenTheRate) {
  const auto start = TokenBucket::Clock::now();
  TokenBucket bucket(1000.0, 5ms, start);  // one token per millisecond, five at once
  EXPECT_EQ(bucket.take(100, start).tokens, 5u);
  const TokenBucket::Grant empty = bucket.take(100, start);
  EXPECT_EQ(empty.tokens, 0u);
  EXPECT_GT(empty.retry_at, start);
  EXPECT_LE(empty.retry_at, start + 1ms);
  EXPECT_EQ(bucket.take(100, start + 3ms).tokens, 3u) << "three milliseconds later, three more";
  EXPECT_EQ(bucket.take(100, start + 1s).tokens, 5u) << "an idle second earns no more than the burst";
}

}  // namespace
}  // namespace smppd::tools::bench
