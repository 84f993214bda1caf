// The fake host's state store (host->state), driven through the SDK's StateClient as a filter
// would: every operation with the semantics of smppd/state.h, atomic batches, expiry and rate
// limits on the fake clock, answers on the fake host's own thread, and the failure switches a
// plugin's tests need. Also the completion side a backend's tests use.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fake_host.h"
#include "smppd/cxx/state_client.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx::state {

inline void PrintTo(StateCode code, std::ostream* out) { *out << name_of(code); }

}  // namespace smppd::cxx::state

namespace {

using namespace std::chrono_literals;
using smppd::cxx::Host;
using smppd::testing::FakeHost;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
namespace op = smppd::cxx::state::op;
using smppd::cxx::state::BatchResult;
using smppd::cxx::state::ListItem;
using smppd::cxx::state::StateClient;
using smppd::cxx::state::StateCode;
using smppd::cxx::state::StateOp;
using smppd::cxx::state::StateResult;

class FakeHostStateTest : public ::testing::Test {
 protected:
  // Runs a batch through host->state and waits for its answer.
  BatchResult execute(std::vector<StateOp> ops) {
    std::promise<BatchResult> answered;
    std::future<BatchResult> answer = answered.get_future();
    const int32_t rc = client_.execute(ops, [&answered](BatchResult result) { answered.set_value(std::move(result)); });
    EXPECT_EQ(rc, SMPPD_OK);
    if (rc != SMPPD_OK || answer.wait_for(10s) != std::future_status::ready) return BatchResult{};
    return answer.get();
  }
  StateResult run(StateOp op) {
    BatchResult batch = execute({std::move(op)});
    return batch.results.empty() ? StateResult{} : std::move(batch.results.front());
  }

  FakeHost host_;
  StateClient client_{Host(host_.api(), host_.plugin("filter"))};
};

TEST_F(FakeHostStateTest, KeysAndValues) {
  EXPECT_EQ(run(op::Get{"k"}).status.code, StateCode::not_found);
  EXPECT_EQ(run(op::Set{"k", "v1"}).status.code, StateCode::ok);
  EXPECT_EQ(run(op::Get{"k"}).value, "v1");
  EXPECT_EQ(run(op::SetIfAbsent{"k", "v2"}).status.code, StateCode::exists);
  EXPECT_EQ(run(op::SetIfAbsent{"j", "v2"}).status.code, StateCode::ok);

  const StateResult mismatch = run(op::CompareAndSet{"k", "nope", "v3"});
  EXPECT_EQ(mismatch.status.code, StateCode::mismatch);
  EXPECT_EQ(mismatch.value, "v1") << "a mismatch answers the current value";
  const StateResult absent = run(op::CompareAndSet{"absent", "x", "y"});
  EXPECT_EQ(absent.status.code, StateCode::mismatch);
  EXPECT_EQ(absent.value, std::nullopt);
  EXPECT_EQ(run(op::CompareAndSet{"k", "v1", "v3"}).status.code, StateCode::ok);
  EXPECT_EQ(host_.state_value("k"), "v3");

  const StateResult deleted = run(op::Delete{"k"});
  EXPECT_EQ(deleted.status.code, StateCode::ok);
  EXPECT_EQ(deleted.count, 1u);
  EXPECT_EQ(run(op::Delete{"k"}).status.code, StateCode::not_found);
}

TEST_F(FakeHostStateTest, EntriesExpireOnTheFakeClock) {
  run(op::Set{"k", "v", 100ms});
  host_.advance(99ms);
  EXPECT_EQ(run(op::Get{"k"}).value, "v");
  host_.advance(1ms);
  EXPECT_EQ(run(op::Get{"k"}).status.code, StateCode::not_found);
  EXPECT_EQ(run(op::SetIfAbsent{"k", "again"}).status.code, StateCode::ok) << "an expired entry is no entry";
}

TEST_F(FakeHostStateTest, IncrementStaysWithinFloorAndCeilingAndKeepsItsWindow) {
  EXPECT_EQ(run(op::Increment{"credit", 10, 0, 15, 1000ms}).number, 10);
  host_.advance(500ms);
  EXPECT_EQ(run(op::Increment{"credit", 5, 0, 15, 1000ms}).number, 15);
  const StateResult crossed = run(op::Increment{"credit", 1, 0, 15});
  EXPECT_EQ(crossed.status.code, StateCode::would_cross);
  EXPECT_EQ(crossed.number, 15) << "would_cross answers the unchanged value";
  EXPECT_EQ(run(op::Increment{"credit", -16, 0}).status.code, StateCode::would_cross);
  host_.advance(500ms);  // the ttl counts from the increment that created it
  EXPECT_EQ(run(op::Get{"credit"}).status.code, StateCode::not_found);

  run(op::Set{"text", "not a number"});
  EXPECT_EQ(run(op::Increment{"text", 1}).status.code, StateCode::error);
}

TEST_F(FakeHostStateTest, Lists) {
  EXPECT_EQ(run(op::ListAppend{"l", "a"}).item_id, 1u);
  EXPECT_EQ(run(op::ListAppend{"l", "b", 50ms}).item_id, 2u);
  EXPECT_EQ(run(op::ListAppend{"l", "c"}).item_id, 3u);
  EXPECT_THAT(run(op::ListRange{"l"}).items, ElementsAre(ListItem{1, "a"}, ListItem{2, "b"}, ListItem{3, "c"}));
  EXPECT_THAT(run(op::ListRange{"l", 1, 1}).items, ElementsAre(ListItem{2, "b"}));
  host_.advance(50ms);  // b expires alone
  EXPECT_THAT(run(op::ListRange{"l"}).items, ElementsAre(ListItem{1, "a"}, ListItem{3, "c"}));

  EXPECT_EQ(run(op::ListRemove{"l", {3, 99}}).count, 1u);
  EXPECT_THAT(run(op::ListPopFront{"l", 5}).items, ElementsAre(ListItem{1, "a"}));
  EXPECT_TRUE(run(op::ListRange{"l"}).items.empty());
  EXPECT_EQ(run(op::ListAppend{"l", "d"}).item_id, 4u) << "ids are never reused";
  EXPECT_TRUE(run(op::ListRange{"absent"}).items.empty());
}

TEST_F(FakeHostStateTest, AListExpiresAsAWholeAfterItsLastAppendWithAListTtl) {
  run(op::ListAppend{"outbox", "a", 0ms, 100ms});
  host_.advance(60ms);
  run(op::ListAppend{"outbox", "b", 0ms, 100ms});
  host_.advance(60ms);
  EXPECT_EQ(run(op::ListRange{"outbox"}).items.size(), 2u) << "the second append moved the expiry";
  host_.advance(40ms);
  EXPECT_TRUE(run(op::ListRange{"outbox"}).items.empty());
}

TEST_F(FakeHostStateTest, GcraAllowsABurstThenOneUnitPerInterval) {
  const auto take = [this] { return run(op::GcraTake{"rate/acme", 1, 100ms, 3}); };
  EXPECT_EQ(take().number, 2);
  EXPECT_EQ(take().number, 1);
  EXPECT_EQ(take().number, 0);
  const StateResult refused = take();
  EXPECT_EQ(refused.status.code, StateCode::would_cross);
  EXPECT_EQ(refused.number, 100) << "milliseconds until one unit is there";
  host_.advance(100ms);
  EXPECT_EQ(take().status.code, StateCode::ok);
  EXPECT_EQ(run(op::GcraTake{"rate/acme", 4, 100ms, 3}).number, -1) << "more than the burst: never";
  host_.advance(1s);  // full again: the entry is gone
  EXPECT_EQ(run(op::Get{"rate/acme"}).status.code, StateCode::not_found);
}

TEST_F(FakeHostStateTest, Sets) {
  EXPECT_EQ(run(op::SetAdd{"s", "a"}).count, 1u);
  EXPECT_EQ(run(op::SetAdd{"s", "a"}).count, 0u);
  EXPECT_EQ(run(op::SetAdd{"s", "b", 100ms}).count, 1u);
  EXPECT_EQ(run(op::SetContains{"s", "a"}).count, 1u);
  EXPECT_EQ(run(op::SetContains{"s", "z"}).count, 0u);
  EXPECT_THAT(run(op::SetMembers{"s"}).items, UnorderedElementsAre(ListItem{0, "a"}, ListItem{0, "b"}));
  EXPECT_EQ(run(op::SetMembers{"s", 1}).items.size(), 1u);
  EXPECT_EQ(run(op::SetRemove{"s", "a"}).count, 1u);
  EXPECT_EQ(run(op::SetRemove{"s", "a"}).count, 0u);
  host_.advance(100ms);  // the whole set expires
  EXPECT_EQ(run(op::SetContains{"s", "b"}).count, 0u);
}

TEST_F(FakeHostStateTest, ABatchThatStopsWritesNothingAndPublishesNothing) {
  run(op::Set{"taken", "x"});
  const BatchResult batch = execute({op::Set{"a", "1"}, op::ListAppend{"l", "x"}, op::Publish{"ch", "m"},
                                     op::SetIfAbsent{"taken", "y"}, op::Set{"b", "2"}});
  EXPECT_EQ(batch.status.code, StateCode::exists);
  ASSERT_EQ(batch.results.size(), 5u);
  EXPECT_EQ(batch.results[3].status.code, StateCode::exists);
  EXPECT_EQ(batch.results[4].status.code, StateCode::aborted);
  EXPECT_EQ(host_.state_value("a"), std::nullopt);
  EXPECT_TRUE(run(op::ListRange{"l"}).items.empty());
  EXPECT_TRUE(host_.state_published().empty());

  const BatchResult ok = execute({op::Increment{"n", 1}, op::Increment{"n", 1}, op::Publish{"ch", "m"}});
  EXPECT_EQ(ok.results[1].number, 2) << "a later operation sees an earlier one's write";
  EXPECT_THAT(host_.state_published(), ElementsAre(std::pair<std::string, std::string>{"ch", "m"}));
  EXPECT_EQ(run(op::ListAppend{"l", "y"}).item_id, 1u) << "the stopped batch's append left no trace";
}

TEST_F(FakeHostStateTest, AnswersComeOnTheHostsThreadNeverInsideExecute) {
  const std::thread::id caller = std::this_thread::get_id();
  std::promise<std::thread::id> answered_on;
  host_.hold_state_answers();
  ASSERT_EQ(client_.execute({op::Set{"k", "v"}}, [&answered_on](BatchResult) {
    answered_on.set_value(std::this_thread::get_id());
  }), SMPPD_OK);
  EXPECT_EQ(host_.state_answers_waiting(), 1u);
  EXPECT_EQ(host_.state_value("k"), "v") << "the batch ran already; only its answer waits";
  host_.release_state_answers();
  EXPECT_TRUE(host_.wait_state_idle());
  EXPECT_NE(answered_on.get_future().get(), caller);
  EXPECT_EQ(host_.state_batches(), 1u);
}

TEST_F(FakeHostStateTest, TheFailureSwitches) {
  host_.set_state_available(false);
  EXPECT_FALSE(client_.available());
  const BatchResult down = execute({op::Get{"k"}, op::Get{"j"}});
  EXPECT_EQ(down.status.code, StateCode::unavailable);
  EXPECT_EQ(down.results[1].status.code, StateCode::unavailable);
  host_.set_state_available(true);
  EXPECT_TRUE(client_.available());

  host_.set_state_execute_result(SMPPD_E_BUSY);
  bool called = false;
  EXPECT_EQ(client_.execute({op::Get{"k"}}, [&called](BatchResult) { called = true; }), SMPPD_E_BUSY);
  host_.set_state_execute_result(SMPPD_OK);
  EXPECT_TRUE(host_.wait_state_idle());
  EXPECT_FALSE(called) << "a refused execute never answers";
}

TEST_F(FakeHostStateTest, MalformedBatchesAreRefusedAtOnce) {
  const auto noop = [](BatchResult) {};
  EXPECT_EQ(client_.execute({op::Get{""}}, noop), SMPPD_E_INVALID);
  EXPECT_EQ(client_.execute({op::GcraTake{"r", 1, 0us, 1}}, noop), SMPPD_E_INVALID);
  EXPECT_EQ(client_.execute({}, noop), SMPPD_E_INVALID);
  EXPECT_EQ(client_.execute(std::vector<StateOp>(257, op::Get{"k"}), noop), SMPPD_E_INVALID);
  EXPECT_EQ(host_.api()->state->execute(nullptr, 1, nullptr, nullptr), SMPPD_E_INVALID);
  EXPECT_EQ(host_.state_batches(), 0u);
}

TEST_F(FakeHostStateTest, RunAnswersTheOneResult) {
  std::promise<StateResult> answered;
  ASSERT_EQ(client_.run(op::Increment{"n", 3}, [&answered](StateResult result) { answered.set_value(result); }),
            SMPPD_OK);
  EXPECT_EQ(answered.get_future().get().number, 3);
}

TEST_F(FakeHostStateTest, AHostWithoutTheStateTableAnswersUnsupported) {
  host_.api_table().struct_size = offsetof(smppd_host_api, state);  // an older host
  EXPECT_FALSE(client_.supported());
  EXPECT_FALSE(client_.available());
  EXPECT_EQ(client_.execute({op::Get{"k"}}, [](BatchResult) {}), SMPPD_E_UNSUPPORTED);
}

TEST_F(FakeHostStateTest, ABackendsCompletionIsTakenOnceAndRead) {
  smppd_state_completion* completion = host_.new_state_completion(2);
  EXPECT_EQ(host_.state_completion(completion), std::nullopt);
  const BatchResult answer = smppd::cxx::state::refused_batch(2, {StateCode::busy, "queue full"});
  const smppd::cxx::state::CBatchResult c_answer(answer);
  host_.api()->state->complete(completion, c_answer.get());
  host_.api()->state->complete(completion, c_answer.get());
  const auto taken = host_.wait_for_state_completion(completion);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->status.code, StateCode::busy);
  EXPECT_EQ(taken->status.message, "queue full");
  EXPECT_EQ(taken->results.size(), 2u);
  EXPECT_EQ(host_.repeat_state_completions(), 1u);
}

TEST(FakeHostState, AnswersStillOwedAreDeliveredWhenTheHostEnds) {
  bool answered = false;
  {
    FakeHost host;
    const StateClient client(Host(host.api(), host.plugin("filter")));
    host.hold_state_answers();
    ASSERT_EQ(client.execute({op::Get{"k"}}, [&answered](BatchResult) { answered = true; }), SMPPD_OK);
    EXPECT_FALSE(answered);
  }
  EXPECT_TRUE(answered) << "a plugin's context freed in its answer would leak";
}

}  // namespace
