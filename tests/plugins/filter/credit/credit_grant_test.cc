// The credit filter in grant mode (`grant` > 0) on the fake host: a submit within the node's
// grant goes on at once without a store batch; a take pauses its submits, in order; an error resp
// gives the cost back to the grant; spends are flushed, unused grants given back, a closing
// config gives everything back; a dead node's grant is recovered once; and what is accepted
// never exceeds the balance.
#include <gtest/gtest.h>

#include <array>
#include <thread>

#include <charconv>
#include <chrono>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "plugins/filter/credit/ledger.h"
#include "smppd/cxx/state.hpp"
#include "tests/plugins/filter/credit/credit_test_support.h"

namespace smppd::plugins::credit::testing {
namespace {

namespace state = cxx::state;
using namespace std::chrono_literals;
using smppd::testing::TokenState;

constexpr uint32_t kSubmitFail = 0x45;
constexpr uint32_t kThrottled = 0x58;
constexpr uint32_t kInvalidDestination = 0x0B;
constexpr const char* kDeadNode = "00000000deadbeef";
constexpr const char* kLiveNode = "00000000a11ca7e0";

// Texts of 1 and 3 parts (GSM 03.38: 160 septets alone, 153 per part).
const std::string kOnePart = "hello";
const std::string kThreeParts(400, 'a');

class CreditGrantTest : public CreditTest {
 protected:
  // What this process's grant of `account` holds in the store (0 when absent).
  int64_t grant_in_store(const std::string& account) const { return number_at("credit/grant/" + account + "/" + node_nonce()); }
  int64_t number_at(const std::string& key) const {
    const auto value = stored(key);
    int64_t number = 0;
    if (value) std::from_chars(value->data(), value->data() + value->size(), number);
    return number;
  }
  std::set<std::string> members() {
    const state::BatchResult answer = host_.state_apply({state::op::SetMembers{"credit/grants"}});
    std::set<std::string> found;
    for (const state::ListItem& item : answer.results.front().items) found.insert(item.value);
    return found;
  }
  // What the admin path says this node holds of the account's grant.
  std::string admin_balance(const std::string& account) {
    return host_.admin().get("/plugins/credit/balance?account=" + account).body;
  }
  // Lets `span` of time pass one flush interval at a time, every answer delivered in between.
  void pass(std::chrono::milliseconds span, std::chrono::milliseconds step = 250ms) {
    for (std::chrono::milliseconds elapsed{0}; elapsed < span; elapsed += step) {
      host_.advance(step);
      settle();
    }
  }
  // A submit not waited for: on_request only; a pause is ended by finish().
  Request& start(const std::string& text = kOnePart) { return send_without_waiting(prepare(text)); }
  // The resume of a paused request, with its attributes applied to the call.
  int32_t finish(Request& request) {
    const auto resumed = host_.wait_for_resume(request.outcome.token);
    if (!resumed) return -1;
    request.outcome.verdict = resumed->verdict;
    request.outcome.command_status = resumed->command_status;
    return resumed->verdict;
  }
  size_t logs_containing(std::string_view needle) const {
    size_t count = 0;
    for (const auto& record : host_.logs()) count += record.message.find(needle) != std::string::npos ? 1 : 0;
    return count;
  }
  void configure_grant(const std::string& extra = "") {
    configure(R"({"default_price": 10, "grant": 100)" + extra + "}");
    settle();  // the janitor's first round
  }
};

TEST_F(CreditGrantTest, TheFirstSubmitPausesAndTakesAGrantTheNextOnesTouchNoStore) {
  configure_grant();
  set_balance("acme", 1000);

  const uint64_t before_take = host_.state_batches();
  Request& first = start();
  ASSERT_EQ(first.outcome.verdict, SMPPD_PAUSE) << "nothing granted yet: the call waits for the take";
  ASSERT_EQ(finish(first), SMPPD_CONTINUE);
  EXPECT_EQ(host_.state_batches() - before_take, 1u) << "one batch takes the grant";
  EXPECT_EQ(balance("acme"), 900) << "the grant left the balance";
  EXPECT_EQ(grant_in_store("acme"), 100);
  EXPECT_EQ(members(), std::set<std::string>{node_nonce() + "/acme"});
  EXPECT_EQ(stored("credit/lease/" + node_nonce()), "1");
  const auto first_id = reservation_of(first);
  ASSERT_TRUE(first_id);
  EXPECT_EQ(first_id->rfind("g:", 0), 0u) << *first_id;
  EXPECT_EQ(first.call.attributes().get_int("credit.cost"), 10);

  const uint64_t before = host_.state_batches();
  std::vector<Request*> fast;
  for (int i = 0; i < 5; ++i) fast.push_back(&start());
  for (Request* request : fast) {
    EXPECT_EQ(request->outcome.verdict, SMPPD_CONTINUE) << "charged from the grant without a pause";
    EXPECT_FALSE(reservation_of(*request)) << "no reservation is kept for a charge from the grant";
    EXPECT_FALSE(request->call.attributes().get_string("credit.grant")) << "the client's own account goes unnamed";
    EXPECT_EQ(request->call.attributes().get_int("credit.cost"), 10);
  }
  for (Request* request : fast) ASSERT_TRUE(respond(*request, 0));
  ASSERT_TRUE(respond(first, 0));
  settle();
  EXPECT_EQ(host_.state_batches(), before) << "neither the charges nor the commits touch the store";
  EXPECT_EQ(balance("acme"), 900);
  EXPECT_NE(admin_balance("acme").find(R"("balance":900,"low_balance_threshold":0,"below_threshold":false,"granted":40)"),
            std::string::npos)
      << admin_balance("acme");
  EXPECT_EQ(counter("grants_taken"), 1u);
  EXPECT_EQ(counter("reserved"), 6u);
  EXPECT_EQ(counter("committed"), 6u);
}

TEST_F(CreditGrantTest, SpendsAreFlushedAndAnIdleGrantGoesBack) {
  configure_grant(R"(, "grant_flush_ms": 100, "grant_idle_s": 2)");
  set_balance("acme", 1000);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(respond(submit(), 0));
  EXPECT_EQ(grant_in_store("acme"), 100) << "nothing flushed yet";

  pass(100ms, 100ms);
  EXPECT_EQ(grant_in_store("acme"), 70) << "the flush wrote the three spends";
  EXPECT_EQ(balance("acme"), 900);
  EXPECT_EQ(counter("grant_flushes"), 1u);
  pass(500ms, 100ms);
  EXPECT_EQ(counter("grant_flushes"), 1u) << "nothing more to flush";

  pass(2s, 100ms);
  EXPECT_EQ(balance("acme"), 970) << "the unspent 70 went back";
  EXPECT_EQ(stored("credit/grant/acme/" + node_nonce()), std::nullopt) << "the empty grant is removed";
  EXPECT_TRUE(members().empty());
  EXPECT_EQ(counter("grant_give_backs"), 1u);

  // The next submit takes a new grant.
  Request& again = start();
  EXPECT_EQ(again.outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(finish(again), SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 870);
}

TEST_F(CreditGrantTest, AFlushTheStoreFailsIsWrittenLater) {
  configure_grant(R"(, "grant_idle_s": 60)");
  set_balance("acme", 1000);
  ASSERT_TRUE(respond(submit(), 0));
  ASSERT_TRUE(respond(submit(), 0));
  host_.set_state_available(false);
  pass(250ms);
  EXPECT_EQ(grant_in_store("acme"), 100) << "the flush failed";
  ASSERT_TRUE(respond(submit(), 0)) << "the grant still serves while the store is down";
  host_.set_state_available(true);
  pass(250ms);
  EXPECT_EQ(grant_in_store("acme"), 70) << "the failed flush's spends went with the next";
}

TEST_F(CreditGrantTest, AnErrorRespOrAClosedSessionGivesTheCostBackToTheGrant) {
  configure_grant();
  set_balance("acme", 1000);
  Request& refused = submit();
  Request& unanswered = submit();
  const uint64_t before = host_.state_batches();
  ASSERT_TRUE(respond(refused, kInvalidDestination));
  session_->close();  // on_complete(call, NULL) for the unanswered one
  settle();
  EXPECT_EQ(host_.state_batches(), before) << "given back in memory";
  EXPECT_EQ(counter("refunded"), 2u);
  EXPECT_FALSE(respond(unanswered, 0)) << "settled once";
  EXPECT_NE(admin_balance("acme").find(R"("granted":100)"), std::string::npos) << admin_balance("acme");
  pass(6s);
  EXPECT_EQ(balance("acme"), 1000) << "nothing was spent";
  EXPECT_EQ(counter("refunded"), 2u);
}

TEST_F(CreditGrantTest, AGrantWrittenAsSpentComesBackWhenItsRespFails) {
  configure_grant(R"(, "grant_idle_s": 60)");
  set_balance("acme", 1000);
  Request& late = submit();
  ASSERT_TRUE(respond(submit(), 0));
  pass(250ms);
  ASSERT_EQ(grant_in_store("acme"), 80) << "both spends flushed";
  ASSERT_TRUE(respond(late, kInvalidDestination));
  pass(250ms);
  EXPECT_EQ(grant_in_store("acme"), 90) << "the refund of a flushed spend goes back into the grant";
}

TEST_F(CreditGrantTest, WaitersAreServedInOrderByOneTake) {
  configure_grant();
  set_balance("acme", 1000);
  host_.hold_state_answers();
  const uint64_t before = host_.state_batches();
  Request& a = start(kThreeParts);
  Request& b = start();
  Request& c = start(kThreeParts);
  EXPECT_EQ(a.outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(b.outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(c.outcome.verdict, SMPPD_PAUSE) << "queued behind the take in flight";
  EXPECT_EQ(host_.state_batches() - before, 1u) << "one take for the three";
  host_.release_state_answers();
  EXPECT_EQ(finish(a), SMPPD_CONTINUE);
  EXPECT_EQ(finish(b), SMPPD_CONTINUE);
  EXPECT_EQ(finish(c), SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 900);
  EXPECT_NE(admin_balance("acme").find(R"("granted":30)"), std::string::npos) << admin_balance("acme");
}

TEST_F(CreditGrantTest, MoreWaitersThanAGrantCoversTakeAgain) {
  configure(R"({"default_price": 10, "grant": 20})");
  settle();
  set_balance("acme", 1000);
  host_.hold_state_answers();
  Request& a = start(kThreeParts);  // 30: the take is max(grant, 30)
  Request& b = start(kThreeParts);  // queued behind it
  host_.release_state_answers();
  EXPECT_EQ(finish(a), SMPPD_CONTINUE);
  EXPECT_EQ(finish(b), SMPPD_CONTINUE);
  EXPECT_EQ(counter("grants_taken"), 2u);
  EXPECT_EQ(balance("acme"), 1000 - 30 - 30) << "each take: max(grant, what waits)";
}

TEST_F(CreditGrantTest, ABalanceBelowTheGrantIsTakenAsItIsAndNeverOverspent) {
  configure_grant();
  set_balance("acme", 35);
  EXPECT_EQ(submit().outcome.verdict, SMPPD_CONTINUE) << "100 refused, the 35 left taken";
  EXPECT_EQ(balance("acme"), 0);
  EXPECT_EQ(counter("grants_refused"), 1u);
  EXPECT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  Request& fourth = submit();
  EXPECT_EQ(fourth.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(fourth.outcome.command_status, kSubmitFail);
  EXPECT_EQ(counter("refused_insufficient"), 1u);
  pass(6s);
  EXPECT_EQ(balance("acme"), 5) << "the unspent 5 went back";
}

// Queued 10, 30, 10 on a balance of 25: the partial take serves the first; the 30 cannot be
// covered and is refused; the last 10 fits what is left. In order, never more than the balance.
TEST_F(CreditGrantTest, WaitersTheBalanceCannotCoverAreRefusedInOrder) {
  configure_grant();
  set_balance("acme", 25);
  host_.hold_state_answers();
  Request& a = start();
  Request& b = start(kThreeParts);
  Request& c = start();
  host_.release_state_answers();
  EXPECT_EQ(finish(a), SMPPD_CONTINUE);
  EXPECT_EQ(finish(b), SMPPD_STOP);
  EXPECT_EQ(b.outcome.command_status, kSubmitFail);
  EXPECT_EQ(finish(c), SMPPD_CONTINUE);
  ASSERT_TRUE(respond(a, 0));
  ASSERT_TRUE(respond(c, 0));
  pass(6s);
  EXPECT_EQ(balance("acme"), 5);
}

TEST_F(CreditGrantTest, ACancelledWaiterIsDroppedUncharged) {
  configure_grant();
  set_balance("acme", 1000);
  host_.hold_state_answers();
  Request& cancelled = start();
  Request& kept = start();
  ASSERT_TRUE(session_->cancel(cancelled.outcome.token));  // the filter's deadline: on_cancel
  host_.release_state_answers();
  EXPECT_EQ(finish(kept), SMPPD_CONTINUE);
  settle();
  EXPECT_EQ(host_.token_state(cancelled.outcome.token), TokenState::cancelled);
  EXPECT_EQ(host_.late_resumes(), 0u);
  EXPECT_EQ(counter("cancelled_while_reserving"), 1u);
  EXPECT_NE(admin_balance("acme").find(R"("granted":90)"), std::string::npos) << admin_balance("acme");
}

// The call ends after its waiter was served but before the resume: the resume fails and gives the
// cost back; the host's on_cancel that follows finds nothing to settle.
TEST_F(CreditGrantTest, ACallThatEndsAfterItsChargeIsGivenBackOnce) {
  configure_grant();
  set_balance("acme", 1000);
  host_.hold_state_answers();
  Request& request = start();
  ASSERT_TRUE(host_.cancel(request.outcome.token));  // the call is gone; on_cancel comes later
  host_.release_state_answers();
  settle();
  EXPECT_EQ(counter("refunded"), 1u);
  filter_.vtable().on_cancel(session_->instance(), request.outcome.token);
  settle();
  EXPECT_EQ(counter("refunded"), 1u) << "not twice";
  EXPECT_NE(admin_balance("acme").find(R"("granted":100)"), std::string::npos) << admin_balance("acme");
}

TEST_F(CreditGrantTest, AGrantServesWhileTheStoreIsDownUntilItsLeaseIsOld) {
  configure_grant(R"(, "grant_idle_s": 3600)");
  set_balance("acme", 1000);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  host_.set_state_available(false);
  EXPECT_EQ(submit().outcome.verdict, SMPPD_CONTINUE) << "the grant is this node's";
  pass(21s, 1s);
  Request& cut_off = submit();
  EXPECT_EQ(cut_off.outcome.verdict, SMPPD_STOP) << "a node cut off for 20 s stops spending";
  EXPECT_EQ(cut_off.outcome.command_status, kThrottled);
  host_.set_state_available(true);
  pass(1s);
  EXPECT_EQ(balance("acme"), 980) << "it gave everything back, which the store still held";
  EXPECT_EQ(submit().outcome.verdict, SMPPD_CONTINUE) << "then takes anew";
  EXPECT_EQ(balance("acme"), 880);
}

// While the node was cut off a janitor elsewhere gave its grant back (its lease had expired):
// the node drops what it held and its spends of that grant are charged to the balance itself.
TEST_F(CreditGrantTest, AGrantAnotherNodeGaveBackIsDroppedAndItsSpendsCharged) {
  configure_grant(R"(, "grant_idle_s": 3600)");
  set_balance("acme", 1000);
  ASSERT_TRUE(respond(submit(), 0));
  pass(250ms);
  ASSERT_TRUE(respond(submit(), 0));  // spent, not flushed
  host_.set_state_available(false);
  pass(31s, 1s);
  // Another node's janitor, as it does it: the lease is gone.
  EXPECT_EQ(stored("credit/lease/" + node_nonce()), std::nullopt);
  const int64_t held = grant_in_store("acme");
  ASSERT_EQ(held, 90);
  host_.state_apply({state::op::Increment{"credit/grant/acme/" + node_nonce(), -held, 0},
                     state::op::Increment{"credit/balance/acme", held},
                     state::op::SetRemove{"credit/grants", node_nonce() + "/acme"}});
  ASSERT_EQ(balance("acme"), 990);
  host_.set_state_available(true);
  // Before it takes again, the node learns its grant was given back: what it held is dropped,
  // not spent a second time.
  Request& next = start();
  EXPECT_EQ(next.outcome.verdict, SMPPD_PAUSE);
  pass(250ms);
  EXPECT_EQ(finish(next), SMPPD_CONTINUE);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "was given back by another node"));
  pass(250ms);
  EXPECT_EQ(balance("acme"), 990 - 10 - 100) << "the spend the janitor gave back is charged; a new grant taken";
  EXPECT_EQ(grant_in_store("acme"), 90);
  EXPECT_NE(admin_balance("acme").find(R"("granted":90)"), std::string::npos) << admin_balance("acme");
}

// With account_attribute, a charge from the grant names its account on the call: the refund of an
// error resp goes to that account's grant, not to the client's.
TEST_F(CreditGrantTest, AGrantChargeOfANamedAccountIsSettledOnThatAccount) {
  configure_grant(R"(, "account_attribute": "auth.tenant")");
  set_balance("bigco", 1000);
  const auto start_for = [&](const std::string& account) -> Request& {
    Request& request = prepare();
    request.call.attributes().set("auth.tenant", account);
    return send_without_waiting(request);
  };
  Request& first = start_for("bigco");
  ASSERT_EQ(first.outcome.verdict, SMPPD_PAUSE);
  ASSERT_EQ(finish(first), SMPPD_CONTINUE);
  ASSERT_TRUE(respond(first, 0));
  Request& second = start_for("bigco");
  ASSERT_EQ(second.outcome.verdict, SMPPD_CONTINUE) << "charged from the grant";
  EXPECT_EQ(second.call.attributes().get_string("credit.grant"), "bigco");
  EXPECT_EQ(second.call.attributes().get_int("credit.cost"), 10);
  ASSERT_TRUE(respond(second, 0x58));
  settle();
  EXPECT_EQ(counter("refunded"), 1u);
  EXPECT_NE(admin_balance("bigco").find(R"("granted":90)"), std::string::npos)
      << "the refund went back to bigco's grant: " << admin_balance("bigco");
}

// smppd frees a config once its last session is gone (a reload, or stopping).
TEST_F(CreditGrantTest, AClosingConfigGivesItsGrantsBack) {
  configure_grant(R"(, "grant_idle_s": 3600, "account_attribute": "auth.tenant")");
  set_balance("acme", 1000);
  set_balance("bigco", 500);
  const auto submit_for = [&](const std::string& account) -> Request& {
    Request& request = prepare();
    request.call.attributes().set("auth.tenant", account);
    return send(request);
  };
  ASSERT_TRUE(respond(submit_for("acme"), 0));
  submit_for("acme");  // no resp before its session closes: given back to the grant
  ASSERT_TRUE(respond(submit_for("bigco"), 0));
  ASSERT_EQ(balance("acme"), 900);
  ASSERT_EQ(balance("bigco"), 400);
  session_->close();
  session_.reset();

  configure(R"({"default_price": 10})");  // the old config goes
  settle();
  EXPECT_EQ(balance("acme"), 990) << "the unspent 90 went back";
  EXPECT_EQ(balance("bigco"), 490);
  EXPECT_EQ(stored("credit/grant/acme/" + node_nonce()), std::nullopt);
  EXPECT_TRUE(members().empty());
  EXPECT_EQ(counter("grant_give_backs"), 2u);
}

// As smppd stops: its state store closes before the configs go. The give-back cannot start, so
// the grant stays in the store for a janitor, and no timer keeps retrying it.
TEST_F(CreditGrantTest, AGrantTheClosingStoreCannotTakeIsLeftToTheJanitors) {
  configure_grant();
  set_balance("acme", 1000);
  ASSERT_TRUE(respond(submit(), 0));
  session_->close();
  session_.reset();
  settle();
  host_.set_state_execute_result(SMPPD_E_STATE);
  configure(R"({"default_price": 10})");
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "the state store took no give-back of account acme (90 unspent)"));
  host_.set_state_execute_result(SMPPD_OK);
  EXPECT_EQ(balance("acme"), 900);
  EXPECT_EQ(grant_in_store("acme"), 100);
  EXPECT_EQ(members(), std::set<std::string>{node_nonce() + "/acme"});
  pass(11s, 1s);
  EXPECT_EQ(host_.pending_timers(), 0u) << "the closed ledger keeps no timer";
}

TEST_F(CreditGrantTest, ALowBalanceEventComesFromTheTake) {
  configure_grant(R"(, "low_balance": {"threshold": 950})");
  set_balance("acme", 1000);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);
  settle();
  EXPECT_EQ(counter("low_balance_events"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_WARN, "account acme has 900, below its threshold 950"));
}

TEST_F(CreditGrantTest, AStoreThatCannotBeReachedRefusesWhatTheGrantDoesNotCover) {
  configure_grant();
  set_balance("acme", 1000);
  host_.set_state_available(false);
  Request& request = submit();
  EXPECT_EQ(request.outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(request.outcome.command_status, kThrottled);
  EXPECT_EQ(counter("store_unavailable_denied"), 1u);
  host_.set_state_available(true);
  EXPECT_EQ(balance("acme"), 1000);
}

// --- dead nodes, and several ledgers on one store

// A second ledger on the same fake host: the credit filter configured again, as a second
// listener (or the next config of a reload) would have it.
class SecondLedger {
 public:
  SecondLedger(smppd::testing::FakeHost& host, const std::string& json, const std::string& system_id)
      : driver_(host, SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR), "credit") {
    std::string error;
    EXPECT_EQ(driver_.configure(json, &error), SMPPD_OK) << error;
    smppd::testing::SessionInfo info;
    info.system_id = system_id;
    info.bind_type = SMPPD_BIND_TRANSCEIVER;
    fake_session_ = std::make_unique<FakeSession>(info);
    session_.emplace(driver_.open_session(*fake_session_));
  }
  ~SecondLedger() {
    session_->close();
    requests_.clear();
    session_.reset();
  }

  // A submit of `text`, waited for; the resp `status` when it went on. Whether it went on.
  bool submit(const std::string& text, uint32_t status = 0) {
    requests_.push_back(std::make_unique<Request>(*fake_session_, SMPPD_CMD_SUBMIT_SM));
    Request& request = *requests_.back();
    request.message.set_string(SMPPD_F_DESTINATION_ADDR, kDestination).set_int(SMPPD_F_DATA_CODING, 0);
    request.message.set_string(SMPPD_F_SHORT_MESSAGE, text);
    request.outcome = session_->request_and_wait(request.call);
    if (request.outcome.verdict != SMPPD_CONTINUE) return false;
    const auto response = response_to(SMPPD_CMD_SUBMIT_SM, status);
    EXPECT_TRUE(session_->complete(request.outcome.token, *response));
    return true;
  }

 private:
  FilterDriver driver_;
  std::unique_ptr<FakeSession> fake_session_;
  std::optional<FilterDriver::Session> session_;
  std::vector<std::unique_ptr<Request>> requests_;
};

TEST_F(CreditGrantTest, ADeadNodesGrantIsRecoveredOnceByRacingJanitors) {
  set_balance("acme", 1000);
  // A dead node's grant (no lease), a live node's (its lease is there), and an empty one.
  host_.state_apply({state::op::Set{std::string("credit/grant/acme/") + kDeadNode, "300"},
                     state::op::SetAdd{"credit/grants", std::string(kDeadNode) + "/acme"},
                     state::op::Set{std::string("credit/grant/acme/") + kLiveNode, "200"},
                     state::op::SetAdd{"credit/grants", std::string(kLiveNode) + "/acme"},
                     state::op::Set{std::string("credit/lease/") + kLiveNode, "1", std::chrono::seconds(30)},
                     state::op::SetAdd{"credit/grants", std::string(kDeadNode) + "/bigco"}});

  // Two ledgers start together: each janitor's first round reads the same grant.
  host_.hold_state_answers();
  configure(R"({"default_price": 10, "grant": 100})");
  SecondLedger second(host_, R"({"default_price": 10, "grant": 100})", "acme");
  host_.release_state_answers();
  settle();

  EXPECT_EQ(balance("acme"), 1300) << "the dead node's 300 came back once";
  EXPECT_EQ(stored(std::string("credit/grant/acme/") + kDeadNode), std::nullopt) << "its empty grant removed";
  EXPECT_EQ(members(), std::set<std::string>{std::string(kLiveNode) + "/acme"}) << "the live node's grant stays";
  EXPECT_EQ(number_at(std::string("credit/grant/acme/") + kLiveNode), 200);
  EXPECT_EQ(logs_containing("recovered the grant of dead node"), 1u);

  // The next rounds, 10 s later, find nothing more to do.
  pass(10s, 1s);
  EXPECT_EQ(balance("acme"), 1300);
  EXPECT_EQ(logs_containing("recovered the grant of dead node"), 1u);
}

TEST_F(CreditGrantTest, ALiveNodesGrantIsRecoveredOnceItsLeaseExpires) {
  set_balance("acme", 1000);
  host_.state_apply({state::op::Set{std::string("credit/grant/acme/") + kLiveNode, "200"},
                     state::op::SetAdd{"credit/grants", std::string(kLiveNode) + "/acme"},
                     state::op::Set{std::string("credit/lease/") + kLiveNode, "1", std::chrono::seconds(30)}});
  configure_grant();
  pass(20s, 1s);
  EXPECT_EQ(balance("acme"), 1000) << "its lease holds";
  pass(20s, 1s);
  EXPECT_EQ(balance("acme"), 1200) << "no lease for 30 s: dead, its grant recovered";
  EXPECT_EQ(counter("grants_recovered"), 1u);
}

// Two ledgers spend one balance with costs of 10 and 30, errors and a close among them: what
// they accept never exceeds it, and once their grants went back the balance is exactly the start
// less what was kept.
TEST_F(CreditGrantTest, TwoLedgersNeverAcceptMoreThanTheBalance) {
  constexpr int64_t kStart = 1234;
  configure_grant(R"(, "grant_idle_s": 1)");
  set_balance("acme", kStart);
  SecondLedger second(host_, R"({"default_price": 10, "grant": 70, "grant_idle_s": 1})", "acme");
  settle();

  int64_t kept = 0;
  int64_t accepted = 0;
  int refusals = 0;
  for (int i = 0; refusals < 6 && i < 400; ++i) {
    const std::string& text = i % 3 == 0 ? kThreeParts : kOnePart;
    const int64_t cost = i % 3 == 0 ? 30 : 10;
    const uint32_t status = i % 7 == 0 ? kInvalidDestination : 0;
    bool went_on = false;
    if (i % 2 == 0) {
      Request& request = submit(text);
      went_on = request.outcome.verdict == SMPPD_CONTINUE;
      if (went_on) {
        EXPECT_TRUE(respond(request, status));
      }
    } else {
      went_on = second.submit(text, status);
    }
    if (!went_on) {
      ++refusals;
      continue;
    }
    accepted += cost;
    if (status == 0) kept += cost;
    EXPECT_LE(kept, kStart);
    if (i % 50 == 0) pass(250ms);
  }
  EXPECT_GT(refusals, 0) << "the balance ran out";
  EXPECT_LE(kept, kStart);
  pass(2s);
  EXPECT_EQ(balance("acme"), kStart - kept);
  EXPECT_TRUE(members().empty());
  std::cout << "accepted " << accepted << ", kept " << kept << " of " << kStart << "\n";
}

// Two workers charge one account at once, each mostly from a slice of its own: together they
// accept exactly the grant (one running short drains the other's slice), and the flush writes
// every spend.
TEST_F(CreditGrantTest, TwoWorkersChargingAtOnceSpendExactlyTheGrant) {
  constexpr int kGrant = 10'000;
  configure(R"({"default_price": 1, "grant": 10000, "grant_idle_s": 60})");
  settle();
  set_balance("acme", kGrant);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);  // takes the whole balance as the grant
  ASSERT_EQ(balance("acme"), 0);

  struct Worker {
    FakeSession session{[] {
      smppd::testing::SessionInfo info;
      info.system_id = "acme";
      info.bind_type = SMPPD_BIND_TRANSCEIVER;
      return info;
    }()};
    std::optional<FilterDriver::Session> filter;
    std::vector<Request*> requests;
    std::vector<uint64_t> paused;
    int charged = 0;
  };
  std::array<Worker, 2> workers;
  std::vector<std::unique_ptr<Request>> owned;
  // The first worker stops early, with what is left of its slice: the second, running short, takes
  // it back.
  for (Worker& worker : workers) {
    worker.filter.emplace(filter_.open_session(worker.session));
    for (int i = 0; i < (&worker == &workers[0] ? 3'000 : 9'000); ++i) {
      owned.push_back(std::make_unique<Request>(worker.session, SMPPD_CMD_SUBMIT_SM));
      owned.back()->message.set_string(SMPPD_F_DESTINATION_ADDR, kDestination).set_int(SMPPD_F_DATA_CODING, 0);
      owned.back()->message.set_string(SMPPD_F_SHORT_MESSAGE, kOnePart);
      worker.requests.push_back(owned.back().get());
    }
  }
  {
    std::vector<std::thread> threads;
    for (Worker& worker : workers) {
      threads.emplace_back([&worker] {
        for (Request* request : worker.requests) {
          request->outcome = worker.filter->request(request->call);
          if (request->outcome.verdict == SMPPD_CONTINUE) ++worker.charged;
          if (request->outcome.verdict == SMPPD_PAUSE) worker.paused.push_back(request->outcome.token);
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  int resumed_on = 0;
  for (const Worker& worker : workers) {
    for (const uint64_t token : worker.paused) {
      const auto resumed = host_.wait_for_resume(token);
      ASSERT_TRUE(resumed);
      if (resumed->verdict == SMPPD_CONTINUE) ++resumed_on;
    }
  }
  EXPECT_EQ(resumed_on, 0) << "the balance was all in the grant";
  EXPECT_GT(workers[0].charged, 0);
  EXPECT_GT(workers[1].charged, 0);
  EXPECT_EQ(1 + workers[0].charged + workers[1].charged, kGrant) << "not a unit more, and none left in a slice";
  for (Worker& worker : workers) {
    for (Request* request : worker.requests) {
      if (request->outcome.verdict != SMPPD_CONTINUE) continue;
      const auto response = response_to(SMPPD_CMD_SUBMIT_SM, 0);
      ASSERT_TRUE(worker.filter->complete(request->outcome.token, *response));
    }
  }
  pass(250ms);
  EXPECT_EQ(grant_in_store("acme"), 0) << "the flush wrote every spend, the slices' too";
  for (Worker& worker : workers) worker.filter->close();
}

}  // namespace
}  // namespace smppd::plugins::credit::testing
