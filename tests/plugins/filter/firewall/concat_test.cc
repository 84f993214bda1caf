// Concatenated messages: parts held (PAUSE) until their message is whole or concat_hold_ms passed,
// the whole text decided once, every part answered alike; late parts, cancelled parts and the
// per-session bound.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fake_host.h"
#include "tests/plugins/filter/firewall/firewall_test_support.h"

namespace smppd::plugins::firewall {
namespace {

using namespace std::chrono_literals;
using smppd::testing::TokenState;
using testing::Submit;
using testing::text;

constexpr const char* kLotteryRule =
    R"("rules": [{"name": "lottery", "action": "deny", "status": 69, "match": {"keywords": ["lottery"]}},
                 {"name": "promo", "action": "tag", "tag": "promo", "match": {"keywords": ["sale"]}}])";

class ConcatTest : public testing::FirewallFixture {
 protected:
  void SetUp() override { configure(std::string("{") + kLotteryRule + "}"); }
};

TEST_F(ConcatTest, AKeywordSplitAcrossTwoPartsIsCaughtAndBothPartsAreDenied) {
  const auto first = hold(testing::udh_part(text("You won the lot"), 42, 2, 1));
  ASSERT_EQ(first->outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(host_.token_state(first->outcome.token), TokenState::pending);
  const Sent second = send(*testing::udh_part(text("tery, call now"), 42, 2, 2));
  EXPECT_TRUE(second.denied());
  EXPECT_EQ(second.outcome.command_status, 69u);
  const auto resumed = host_.wait_for_resume(first->outcome.token);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->verdict, SMPPD_STOP);
  EXPECT_EQ(resumed->command_status, 69u);
  EXPECT_EQ(host_.counter("messages"), 1u);  // the whole message, once
  EXPECT_EQ(host_.counter("concat_completed"), 1u);
  EXPECT_EQ(host_.counter("concat_parts_held"), 2u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "rule \"lottery\" denied with 0x45"));
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "2 parts"));
}

TEST_F(ConcatTest, PartsMayArriveInAnyOrderWithA16BitReferenceOrSarTlvs) {
  const auto last = hold(testing::udh_part(text("tery"), 0x1234, 2, 2, true));
  ASSERT_EQ(last->outcome.verdict, SMPPD_PAUSE);
  EXPECT_TRUE(send(*testing::udh_part(text("lot"), 0x1234, 2, 1, true)).denied());
  EXPECT_EQ(host_.wait_for_resume(last->outcome.token)->verdict, SMPPD_STOP);

  const auto sar = hold(testing::sar_part(text("lot"), 0x0102, 2, 1));
  ASSERT_EQ(sar->outcome.verdict, SMPPD_PAUSE);
  EXPECT_TRUE(send(*testing::sar_part(text("tery"), 0x0102, 2, 2)).denied());
}

TEST_F(ConcatTest, ACleanMessagePassesWithTagsOnEveryPart) {
  const auto first = hold(testing::udh_part(text("Big summer "), 9, 3, 1));
  const auto second = hold(testing::udh_part(text("sale at our "), 9, 3, 2));
  const Sent third = send(*testing::udh_part(text("shop"), 9, 3, 3));
  EXPECT_TRUE(third.passed());
  EXPECT_EQ(third.attributes.get_string("firewall.tag"), "promo");
  for (const auto* held : {first.get(), second.get()}) {
    const auto resumed = host_.wait_for_resume(held->outcome.token);
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->verdict, SMPPD_CONTINUE);
    ASSERT_EQ(resumed->attributes.size(), 1u);
    EXPECT_EQ(resumed->attributes[0].first, SMPPD_SCOPE_CALL);
    EXPECT_EQ(resumed->attributes[0].second.first, "firewall.tag");
    EXPECT_EQ(held->call->attributes().get_string("firewall.tag"), "promo");
  }
}

TEST_F(ConcatTest, PartsOfDifferentMessagesAreHeldApart) {
  const auto a = hold(testing::udh_part(text("lot"), 1, 2, 1, false));
  const auto b = hold(testing::udh_part(text("lot"), 2, 2, 1, false));  // another reference
  Submit other_destination = text("lot", "4400000");
  const auto c = hold(testing::udh_part(other_destination, 1, 2, 1, false));
  EXPECT_EQ(a->outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(b->outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(c->outcome.verdict, SMPPD_PAUSE);
  EXPECT_TRUE(send(*testing::udh_part(text("s of luck"), 2, 2, 2, false)).passed());  // "lots of luck"
  EXPECT_EQ(host_.wait_for_resume(b->outcome.token)->verdict, SMPPD_CONTINUE);
  EXPECT_EQ(host_.token_state(a->outcome.token), TokenState::pending);
  EXPECT_EQ(host_.token_state(c->outcome.token), TokenState::pending);
}

TEST_F(ConcatTest, AMissingPartIsDecidedAfterTheHoldWithWhatArrived) {
  const auto first = hold(testing::udh_part(text("win the lottery "), 5, 3, 1));
  const auto third = hold(testing::udh_part(text("today"), 5, 3, 3));
  host_.advance(1999ms);
  EXPECT_EQ(host_.token_state(first->outcome.token), TokenState::pending);
  host_.advance(1ms);  // concat_hold_ms (2000) since the first part
  for (const auto* held : {first.get(), third.get()}) {
    const auto resumed = host_.wait_for_resume(held->outcome.token, 0ms);
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->verdict, SMPPD_STOP);
    EXPECT_EQ(resumed->command_status, 69u);
  }
  EXPECT_EQ(host_.counter("concat_timeouts"), 1u);
  // The part that comes late gets the same verdict at once.
  const Sent late = send(*testing::udh_part(text("and more"), 5, 3, 2));
  EXPECT_TRUE(late.denied());
  EXPECT_EQ(late.outcome.command_status, 69u);
  EXPECT_EQ(host_.counter("concat_late_parts"), 1u);
  EXPECT_EQ(host_.counter("messages"), 1u);
  // ... within concat_verdict_ttl_ms only: then a part starts a message of its own again.
  host_.advance(31s);
  const auto again = hold(testing::udh_part(text("and more"), 5, 3, 2));
  EXPECT_EQ(again->outcome.verdict, SMPPD_PAUSE);
}

TEST_F(ConcatTest, ACleanMessageWithAMissingPartPassesAfterTheHold) {
  const auto first = hold(testing::udh_part(text("see you "), 6, 2, 1));
  host_.advance(2s);
  const auto resumed = host_.wait_for_resume(first->outcome.token, 0ms);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->verdict, SMPPD_CONTINUE);
}

TEST_F(ConcatTest, ACancelledPartIsDropped) {
  auto first = hold(testing::udh_part(text("lot"), 8, 3, 1));
  auto second = hold(testing::udh_part(text("tery"), 8, 3, 2));
  ASSERT_EQ(first->outcome.verdict, SMPPD_PAUSE);
  // The host's deadline passes for the first part: on_cancel.
  ASSERT_TRUE(session_->cancel(first->outcome.token));
  EXPECT_EQ(host_.counter("concat_cancelled"), 1u);
  // The message is still decided as a whole (the cancelled part's text was kept), for the rest.
  EXPECT_TRUE(send(*testing::udh_part(text(" now"), 8, 3, 3)).denied());
  EXPECT_EQ(host_.wait_for_resume(second->outcome.token)->verdict, SMPPD_STOP);
  EXPECT_EQ(host_.late_resumes(), 0u);  // the cancelled token was not resumed
}

TEST_F(ConcatTest, AMessageWhosePartsAreAllCancelledIsForgotten) {
  auto only = hold(testing::udh_part(text("lot"), 11, 2, 1));
  only.reset();  // the call ends (session closing for it): on_cancel
  EXPECT_EQ(host_.counter("concat_cancelled"), 1u);
  host_.advance(5s);  // its hold timer finds nothing to decide
  EXPECT_EQ(host_.counter("concat_timeouts"), 0u);
  EXPECT_EQ(host_.late_resumes(), 0u);
  // A new first part of the same reference starts afresh.
  const auto again = hold(testing::udh_part(text("lot"), 11, 2, 1));
  EXPECT_EQ(again->outcome.verdict, SMPPD_PAUSE);
}

TEST_F(ConcatTest, TheSessionsHeldPartsAreBounded) {
  configure(std::string(R"({"concat_max_held_parts": 2, )") + kLotteryRule + "}");
  const auto a = hold(testing::udh_part(text("lot"), 1, 3, 1));
  const auto b = hold(testing::udh_part(text("hello"), 2, 3, 1));
  EXPECT_EQ(host_.token_state(a->outcome.token), TokenState::pending);
  const auto c = hold(testing::udh_part(text("tery"), 1, 3, 2));  // a third held part: the oldest message goes
  EXPECT_EQ(c->outcome.verdict, SMPPD_STOP);  // it was message 1 ("lottery"): decided now, as a whole
  EXPECT_EQ(host_.wait_for_resume(a->outcome.token, 0ms)->verdict, SMPPD_STOP);
  EXPECT_EQ(host_.token_state(b->outcome.token), TokenState::pending);
  EXPECT_EQ(host_.counter("concat_evicted"), 1u);
}

TEST_F(ConcatTest, HeldBytesAreBoundedToo) {
  configure(std::string(R"({"concat_max_held_bytes": 300, )") + kLotteryRule + "}");
  const auto a = hold(testing::udh_part(text(std::string(200, 'a')), 1, 2, 1));
  EXPECT_EQ(a->outcome.verdict, SMPPD_PAUSE);
  const auto b = hold(testing::udh_part(text(std::string(200, 'b')), 2, 2, 1));
  EXPECT_EQ(host_.wait_for_resume(a->outcome.token, 0ms)->verdict, SMPPD_CONTINUE);
  EXPECT_EQ(b->outcome.verdict, SMPPD_PAUSE);
}

TEST_F(ConcatTest, WithoutHoldingEachPartIsDecidedAlone) {
  configure(std::string(R"({"concat_hold_ms": 0, )") + kLotteryRule + "}");
  EXPECT_TRUE(send(*testing::udh_part(text("lot"), 1, 2, 1)).passed());
  EXPECT_TRUE(send(*testing::udh_part(text("lottery"), 1, 2, 2)).denied());
}

TEST_F(ConcatTest, AMessageThatIsNotConcatenatedIsDecidedAtOnce) {
  EXPECT_TRUE(send(text("lottery")).denied());
  EXPECT_TRUE(send(text("hello")).passed());
  EXPECT_EQ(host_.counter("concat_parts_held"), 0u);
  // A single-part "concatenated" message, or a part numbered beyond its total, is not held either.
  EXPECT_TRUE(send(*testing::udh_part(text("lottery"), 3, 1, 1)).denied());
  EXPECT_TRUE(send(*testing::udh_part(text("lottery"), 3, 2, 5)).denied());
}

TEST_F(ConcatTest, ClosingTheSessionCancelsItsHeldParts) {
  auto held = hold(testing::udh_part(text("lot"), 1, 2, 1));
  session_->close();
  EXPECT_EQ(host_.token_state(held->outcome.token), TokenState::cancelled);
  host_.advance(3s);
  EXPECT_EQ(host_.late_resumes(), 0u);
  session_.reset();
}

}  // namespace
}  // namespace smppd::plugins::firewall
