// The credit filter through its descriptor and vtable, as smppd drives it, on the SDK's fake host
// and its in-memory state store: reserve, commit, refund on every path, insufficient balance,
// prices, parts, tenants, low balance, and a store that cannot be reached.
#include <gtest/gtest.h>

#include <string>

#include "smppd/cxx/state.hpp"
#include "tests/plugins/filter/credit/credit_test_support.h"

namespace smppd::plugins::credit::testing {
namespace {

namespace state = cxx::state;
using smppd::testing::TokenState;

constexpr uint32_t kSubmitFail = 0x45;
constexpr uint32_t kThrottled = 0x58;
constexpr uint32_t kSystemError = 0x08;
constexpr uint32_t kInvalidDestination = 0x0B;
constexpr uint32_t kInvalidCommand = 0x03;

class CreditFilterTest : public CreditTest {};

// --- reserve, commit, refund

TEST_F(CreditFilterTest, ASuccessfulRespKeepsTheReservation) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 1000);
  Request& request = submit("hello");
  ASSERT_EQ(request.outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 990) << "reserved before the message goes on";
  const auto id = reservation_of(request);
  ASSERT_TRUE(id);
  EXPECT_EQ(stored("credit/resv/" + *id), "10");
  EXPECT_EQ(request.call.attributes().get_int("credit.cost"), 10);

  ASSERT_TRUE(respond(request, 0));
  settle();
  EXPECT_EQ(balance("acme"), 990);
  EXPECT_EQ(stored("credit/resv/" + *id), std::nullopt) << "the commit deletes the reservation";
  EXPECT_EQ(counter("reserved"), 1u);
  EXPECT_EQ(counter("committed"), 1u);
  EXPECT_EQ(counter("refunded"), 0u);
}

// smppd's retries and failover to another bind happen after the filter chain: the filter sees one
// on_request and one on_complete per client submit, so one reservation and one settlement.
TEST_F(CreditFilterTest, OneCallIsChargedOnceWhateverSmppdDoesUpstream) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 1000);
  const uint64_t batches_before = host_.state_batches();
  Request& request = submit();
  ASSERT_EQ(request.outcome.verdict, SMPPD_CONTINUE);
  // ... smppd sends it upstream, a bind fails, it retries on another: nothing reaches the filter ...
  ASSERT_TRUE(respond(request, 0));
  EXPECT_FALSE(respond(request, 0)) << "a call has one resp";
  settle();
  EXPECT_EQ(balance("acme"), 990);
  EXPECT_EQ(host_.state_batches() - batches_before, 2u) << "one reservation, one commit";
  EXPECT_EQ(counter("reserved"), 1u);
  EXPECT_EQ(counter("committed"), 1u);
}

TEST_F(CreditFilterTest, AnErrorRespRefundsAndMarksTheReservation) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 1000);
  Request& request = submit();
  ASSERT_EQ(request.outcome.verdict, SMPPD_CONTINUE);
  ASSERT_EQ(balance("acme"), 990);
  ASSERT_TRUE(respond(request, kInvalidDestination));
  settle();
  EXPECT_EQ(balance("acme"), 1000);
  EXPECT_EQ(stored("credit/resv/" + *reservation_of(request)), "refunded");
  EXPECT_EQ(counter("refunded"), 1u);
}

// smppd answers a submit its upstream never answered with the route's status (ESME_RSYSERR by
// default): refunded like any error.
TEST_F(CreditFilterTest, ASubmitTheUpstreamNeverAnsweredIsRefunded) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  Request& request = submit();
  ASSERT_TRUE(respond(request, kSystemError));
  settle();
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_EQ(counter("refunded"), 1u);
}

TEST_F(CreditFilterTest, ASessionClosedBeforeTheRespRefunds) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  Request& request = submit();
  ASSERT_EQ(request.outcome.verdict, SMPPD_CONTINUE);
  ASSERT_EQ(balance("acme"), 90);
  session_->close();  // on_complete(call, NULL)
  settle();
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_EQ(counter("refunded"), 1u);
  EXPECT_EQ(stored("credit/resv/" + *reservation_of(request)), "refunded");
}

TEST_F(CreditFilterTest, ACallCancelledWhileItsReservationIsInFlightIsRefundedWhenTheAnswerComes) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  host_.hold_state_answers();
  Request& request = send_without_waiting(prepare());
  ASSERT_EQ(request.outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(balance("acme"), 90) << "the batch ran; its answer is held";
  ASSERT_TRUE(session_->cancel(request.outcome.token));  // the filter's deadline: on_cancel
  host_.release_state_answers();
  settle();
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_EQ(host_.token_state(request.outcome.token), TokenState::cancelled);
  EXPECT_EQ(host_.late_resumes(), 0u) << "a cancelled call is refunded, not resumed";
  EXPECT_EQ(counter("cancelled_while_reserving"), 1u);
  EXPECT_EQ(counter("refunded"), 1u);
  EXPECT_EQ(session_->owed_completions(), 0u);
}

TEST_F(CreditFilterTest, ASessionClosedWhileAReservationIsInFlightIsRefunded) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  host_.hold_state_answers();
  Request& request = send_without_waiting(prepare());
  ASSERT_EQ(request.outcome.verdict, SMPPD_PAUSE);
  session_->close();  // on_cancel for the pending pause
  host_.release_state_answers();
  settle();
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_EQ(counter("refunded"), 1u);
}

TEST_F(CreditFilterTest, AnInsufficientAnswerForACancelledCallRefundsNothing) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 5);
  host_.hold_state_answers();
  Request& request = send_without_waiting(prepare());
  ASSERT_TRUE(session_->cancel(request.outcome.token));
  host_.release_state_answers();
  settle();
  EXPECT_EQ(balance("acme"), 5);
  EXPECT_EQ(counter("refunded"), 0u);
}

// A refund is COMPARE_AND_SET cost -> "refunded" then INCREMENT, atomically: a reservation refunded
// (by another node, say) or committed already stops it, whatever the filter believes.
TEST_F(CreditFilterTest, ARefundNeverHappensTwiceNorAfterACommit) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  Request& refunded_elsewhere = submit("one");
  Request& committed_elsewhere = submit("two");
  ASSERT_EQ(balance("acme"), 80);
  host_.state_apply({state::op::Set{"credit/resv/" + *reservation_of(refunded_elsewhere), "refunded"}});
  host_.state_apply({state::op::Delete{"credit/resv/" + *reservation_of(committed_elsewhere)}});

  ASSERT_TRUE(respond(refunded_elsewhere, kSystemError));
  ASSERT_TRUE(respond(committed_elsewhere, kSystemError));
  settle();
  EXPECT_EQ(balance("acme"), 80);
  EXPECT_EQ(counter("refund_skipped"), 2u);
  EXPECT_EQ(counter("refunded"), 0u);
}

TEST_F(CreditFilterTest, ARefundTheStoreFailsIsTriedAgainAndOnlyOnceSucceeds) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  Request& request = submit();
  host_.set_state_execute_result(SMPPD_E_BUSY);
  ASSERT_TRUE(respond(request, kSystemError));
  settle();
  EXPECT_EQ(balance("acme"), 90) << "the store took no refund";
  EXPECT_EQ(counter("refund_retries"), 1u);
  host_.set_state_execute_result(SMPPD_OK);
  host_.advance(std::chrono::seconds(1));
  settle();
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_EQ(counter("refunded"), 1u);
  host_.advance(std::chrono::seconds(60));
  settle();
  EXPECT_EQ(balance("acme"), 100) << "no second refund";
}

// --- insufficient balance

TEST_F(CreditFilterTest, ABalanceBelowTheCostRefusesWithSubmitFailAndChangesNothing) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 9);
  Request& request = submit();
  EXPECT_EQ(request.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(request.outcome.command_status, kSubmitFail);
  EXPECT_EQ(balance("acme"), 9);
  EXPECT_FALSE(reservation_of(request));
  EXPECT_EQ(counter("refused_insufficient"), 1u);
  ASSERT_TRUE(respond(request, kSubmitFail));  // the STOP's own resp: nothing to settle
  settle();
  EXPECT_EQ(balance("acme"), 9);
  EXPECT_EQ(counter("refunded"), 0u);
}

TEST_F(CreditFilterTest, AnAccountWithoutABalanceIsRefusedWithTheConfiguredStatus) {
  configure(R"({"default_price": 10, "insufficient_status": 88})");
  open("nobody");
  Request& request = submit();
  EXPECT_EQ(request.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(request.outcome.command_status, 88u);
  EXPECT_EQ(stored("credit/balance/nobody"), std::nullopt);
}

TEST_F(CreditFilterTest, TheLastUnitsCanBeSpentButNotOverspent) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 20);
  EXPECT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(submit().outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(balance("acme"), 0);
}

// --- prices

TEST_F(CreditFilterTest, TheLongestPrefixPricesTheDestination) {
  configure(R"({"default_price": 10, "prices": {"49": 8, "4915": 5}})");
  set_balance("acme", 1000);
  ASSERT_EQ(submit("a", "4915112345678").outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 995);
  ASSERT_EQ(submit("a", "+4917012345678").outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 987);
  ASSERT_EQ(submit("a", "33612345678").outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 977);
}

TEST_F(CreditFilterTest, ADestinationNothingPricesIsRefused) {
  configure(R"({"prices": {"49": 8}})");
  set_balance("acme", 1000);
  Request& request = submit("a", "33612345678");
  EXPECT_EQ(request.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(request.outcome.command_status, kInvalidDestination);
  EXPECT_EQ(balance("acme"), 1000);
  EXPECT_EQ(counter("refused_no_price"), 1u);
}

TEST_F(CreditFilterTest, ThePriceAttributeOfAPricingPluginWinsOverTheTable) {
  configure(R"({"default_price": 10, "prices": {"4915": 5}, "price_attribute": "pricing.price"})");
  set_balance("acme", 1000);
  ASSERT_EQ(submit(std::string(200, 'a')).outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 990) << "2 parts at the table's 5";

  Request& priced = prepare(std::string(200, 'a'));
  priced.call.attributes().set("pricing.price", int64_t{3});
  ASSERT_EQ(send(priced).outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 984) << "2 parts at the attribute's 3";

  Request& free = prepare();
  free.call.attributes().set("pricing.price", int64_t{0});
  ASSERT_EQ(send(free).outcome.verdict, SMPPD_CONTINUE);
  EXPECT_FALSE(reservation_of(free));
  EXPECT_EQ(counter("free_messages"), 1u);

  Request& garbled = prepare();
  garbled.call.attributes().set("pricing.price", std::string("3 cents"));
  EXPECT_EQ(send(garbled).outcome.command_status, kSystemError);
  Request& negative = prepare();
  negative.call.attributes().set("pricing.price", int64_t{-1});
  EXPECT_EQ(send(negative).outcome.command_status, kSystemError);
  EXPECT_EQ(counter("refused_bad_price"), 2u);
  EXPECT_EQ(balance("acme"), 984);
}

// --- parts

TEST_F(CreditFilterTest, EachPartCostsThePrice) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 10000);
  const auto cost_of = [&](Request& request) {
    const int64_t before = balance("acme");
    EXPECT_EQ(send(request).outcome.verdict, SMPPD_CONTINUE);
    return before - balance("acme");
  };
  EXPECT_EQ(cost_of(prepare(std::string(160, 'a'))), 10);
  EXPECT_EQ(cost_of(prepare(std::string(161, 'a'))), 20);
  // '{' in GSM 03.38 is the escape 0x1B and 0x28: two septets.
  const auto braces = [](size_t count) {
    std::string text;
    for (size_t i = 0; i < count; ++i) text += "\x1B\x28";
    return text;
  };
  EXPECT_EQ(cost_of(prepare(braces(80))), 10) << "escapes: 160 septets";
  EXPECT_EQ(cost_of(prepare(braces(81))), 20) << "escapes: 162 septets";

  Request& ucs2 = prepare();
  ucs2.message.set_int(SMPPD_F_DATA_CODING, 8).set_string(SMPPD_F_SHORT_MESSAGE, std::string(142, '\0'));
  EXPECT_EQ(cost_of(ucs2), 20) << "71 UCS-2 characters";

  Request& binary = prepare();
  binary.message.set_int(SMPPD_F_DATA_CODING, 4).set_string(SMPPD_F_SHORT_MESSAGE, std::string(140, 'x'));
  EXPECT_EQ(cost_of(binary), 10);

  Request& payload = prepare(std::string(400, 'a'), kDestination, SMPPD_CMD_DATA_SM);
  EXPECT_EQ(cost_of(payload), 30) << "message_payload: 400 septets";

  Request& long_submit = prepare();
  long_submit.message.clear_field(SMPPD_F_SHORT_MESSAGE).add_tlv(0x0424, std::string(307, 'b'));
  EXPECT_EQ(cost_of(long_submit), 30);

  // A part the client split itself: one part, however it is marked.
  Request& udh = prepare();
  udh.message.set_int(SMPPD_F_ESM_CLASS, 0x40).set_string(SMPPD_F_SHORT_MESSAGE,
                                                           std::string("\x05\x00\x03\x2A\x03\x01", 6) + std::string(153, 'c'));
  EXPECT_EQ(cost_of(udh), 10);
  Request& sar = prepare(std::string(153, 'd'));
  sar.message.add_tlv(0x020C, std::string("\x00\x2A", 2)).add_tlv(0x020E, "\x03").add_tlv(0x020F, "\x01");
  EXPECT_EQ(cost_of(sar), 10);
}

// --- accounts

TEST_F(CreditFilterTest, TheTenantAttributeNamesTheAccount) {
  configure(R"({"default_price": 10, "account_attribute": "auth_static.tenant"})");
  set_balance("acme", 100);
  set_balance("bigco", 100);
  open("acme");
  fake_session_->attributes().set("auth_static.tenant", std::string("bigco"));
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("bigco"), 90);
  EXPECT_EQ(balance("acme"), 100);

  Request& per_call = prepare();
  per_call.call.attributes().set("auth_static.tenant", std::string("acme"));
  ASSERT_EQ(send(per_call).outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 90) << "a call's attribute wins over the session's";
}

TEST_F(CreditFilterTest, AMissingTenantIsRefusedNotChargedToTheSystemId) {
  configure(R"({"default_price": 10, "account_attribute": "auth_static.tenant"})");
  set_balance("acme", 100);
  Request& request = submit();
  EXPECT_EQ(request.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(request.outcome.command_status, kSystemError);
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_EQ(counter("refused_no_account"), 1u);
}

// --- commands

TEST_F(CreditFilterTest, OnlySubmitsAndDataSmAreCharged) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  open();
  FakeMessage enquire(SMPPD_CMD_ENQUIRE_LINK);
  FakeCall enquire_call(*fake_session_, enquire);
  EXPECT_EQ(session_->request(enquire_call).verdict, SMPPD_CONTINUE);
  FakeMessage bind(SMPPD_CMD_BIND_TRANSCEIVER);
  FakeCall bind_call(*fake_session_, bind);
  EXPECT_EQ(session_->request(bind_call).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 100);

  Request& data = send(prepare("x", kDestination, SMPPD_CMD_DATA_SM));
  EXPECT_EQ(data.outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 90);

  Request& multi = send(prepare("x", kDestination, SMPPD_CMD_SUBMIT_MULTI));
  EXPECT_EQ(multi.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(multi.outcome.command_status, kInvalidCommand);
  EXPECT_EQ(counter("refused_command"), 1u);
  EXPECT_EQ(balance("acme"), 90);
}

// --- low balance

TEST_F(CreditFilterTest, ALowBalanceEventIsSentOncePerCrossing) {
  configure(R"({"default_price": 10, "low_balance": {"threshold": 100}})");
  set_balance("acme", 115);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);  // 105
  settle();
  EXPECT_EQ(counter("low_balance_events"), 0u);
  Request& crossing = submit();  // 95: crosses
  settle();
  EXPECT_EQ(counter("low_balance_events"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_WARN, "account acme has 95, below its threshold 100"));
  EXPECT_EQ(host_.gauge("smppd.plugin.credit.accounts_below_threshold"), 1);
  const auto published = host_.state_published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].first, "credit.low");
  EXPECT_NE(published[0].second.find(R"("account":"acme","balance":95,"threshold":100)"), std::string::npos)
      << published[0].second;

  Request& below = submit();  // 85: below already, no crossing
  ASSERT_EQ(below.outcome.verdict, SMPPD_CONTINUE);
  ASSERT_TRUE(respond(crossing, kSystemError));  // refund: 95
  settle();
  ASSERT_TRUE(respond(below, kSystemError));  // refund: 105, above again
  settle();
  ASSERT_EQ(balance("acme"), 105);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);  // 95: crosses again, its event was sent
  settle();
  EXPECT_EQ(counter("low_balance_events"), 1u) << "refunds around the threshold do not send it again";
  EXPECT_EQ(host_.state_published().size(), 1u);

  // A top-up re-arms it (admin path; the mark is what it clears).
  host_.state_apply({state::op::Delete{"credit/low/acme"}, state::op::Set{"credit/balance/acme", "105"}});
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  settle();
  EXPECT_EQ(counter("low_balance_events"), 2u);
}

TEST_F(CreditFilterTest, AnAccountsOwnThresholdWinsOverTheDefault) {
  configure(R"({"default_price": 10, "low_balance": {"threshold": 100, "accounts": {"acme": 1000, "bigco": 0}}})");
  set_balance("acme", 1005);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  settle();
  EXPECT_EQ(counter("low_balance_events"), 1u);
  set_balance("bigco", 105);
  open("bigco");
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  settle();
  EXPECT_EQ(counter("low_balance_events"), 1u) << "a threshold of 0 sends nothing";
}

// --- a store that cannot be reached

TEST_F(CreditFilterTest, AStoreThatCannotBeReachedRefusesByDefault) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  host_.set_state_available(false);
  Request& request = submit();
  EXPECT_EQ(request.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(request.outcome.command_status, kThrottled);
  EXPECT_EQ(counter("store_unavailable_denied"), 1u);

  host_.set_state_available(true);
  host_.set_state_execute_result(SMPPD_E_BUSY);
  Request& busy = submit();
  EXPECT_EQ(busy.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(busy.outcome.command_status, kThrottled);
  EXPECT_EQ(counter("store_unavailable_denied"), 2u);
  host_.set_state_execute_result(SMPPD_OK);
  EXPECT_EQ(balance("acme"), 100);
}

TEST_F(CreditFilterTest, AStoreThatCannotBeReachedLetsMessagesThroughUnchargedWhenAllowed) {
  configure(R"({"default_price": 10, "on_store_unavailable": "allow"})");
  set_balance("acme", 100);
  host_.set_state_available(false);
  Request& request = submit();
  EXPECT_EQ(request.outcome.verdict, SMPPD_CONTINUE);
  EXPECT_FALSE(reservation_of(request));
  ASSERT_TRUE(respond(request, 0));
  host_.set_state_available(true);
  settle();
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_EQ(counter("store_unavailable_allowed"), 1u);
  EXPECT_EQ(counter("committed"), 0u);
}

TEST_F(CreditFilterTest, TheUnavailableStatusIsConfigurable) {
  configure(R"({"default_price": 10, "unavailable_status": 20})");
  host_.set_state_available(false);
  EXPECT_EQ(submit().outcome.command_status, 20u);
  host_.set_state_available(true);
}

}  // namespace
}  // namespace smppd::plugins::credit::testing
