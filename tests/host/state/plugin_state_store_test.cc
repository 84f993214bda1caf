// A state store backend plugin behind the host's StateStore: conversion of every operation and
// every answer across the C ABI, completion exactly once and never inline, refusals before the
// backend, close answering what the backend left, subscriptions with and without the backend.
#include "host/state/plugin_state_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/host/state/test_backend.h"

namespace smppd::state {
namespace {

namespace asio = boost::asio;
namespace cxx_state = ::smppd::cxx::state;
using namespace std::chrono_literals;
using testing::TestBackend;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Every field of a C operation, so that two operations compare as text.
std::string text_of(const smppd_state_op& c) {
  std::ostringstream out;
  out << "type=" << c.type << " key=" << cxx_state::string_of(c.key) << " value=" << cxx_state::string_of(c.value)
      << " expected=" << cxx_state::string_of(c.expected) << " amount=" << c.amount << " floor=" << c.floor
      << " ceiling=" << c.ceiling << " ttl=" << c.ttl_ms << " list_ttl=" << c.list_ttl_ms
      << " interval=" << c.interval_us << " burst=" << c.burst << " after=" << c.after_id << " max=" << c.max_items
      << " ids=[";
  for (uint32_t i = 0; i < c.id_count; ++i) out << (i == 0 ? "" : ",") << c.ids[i];
  out << "]";
  return out.str();
}

std::vector<std::string> texts_of(const std::vector<StateOp>& ops) {
  const cxx_state::COps c_ops(ops);
  std::vector<std::string> texts;
  for (uint32_t i = 0; i < c_ops.size(); ++i) texts.push_back(text_of(c_ops.data()[i]));
  return texts;
}

// One operation of each type, each field given a value of its own.
std::vector<StateOp> every_operation() {
  return {op::Get{"get-key"},
          op::Set{"set-key", "set-value", 11ms},
          op::SetIfAbsent{"sia-key", "sia-value", 12ms},
          op::Delete{"delete-key"},
          op::CompareAndSet{"cas-key", "cas-expected", "cas-desired", 13ms},
          op::Increment{"inc-key", -7, -100, 100, 14ms},
          op::ListAppend{"list-a", "append-value", 15ms, 16ms},
          op::ListRange{"list-r", 17, 18},
          op::ListPopFront{"list-p", 19},
          op::ListRemove{"list-x", {20, 21, 22}},
          op::GcraTake{"gcra-key", 3, 23us, 24},
          op::SetAdd{"set-a", "member-a", 25ms},
          op::SetRemove{"set-r", "member-r"},
          op::SetContains{"set-c", "member-c"},
          op::SetMembers{"set-m", 26},
          op::Publish{"channel", "message"}};
}

testing::TestBackendOptions held_answers(bool dropped_on_close = false) {
  testing::TestBackendOptions options;
  options.answer = testing::TestBackendOptions::Answer::held;
  options.drop_held_on_close = dropped_on_close;
  return options;
}

testing::TestBackendOptions with_subscribe() {
  testing::TestBackendOptions options;
  options.with_subscribe = true;
  return options;
}

testing::TestBackendOptions refusing_to_open(std::string why) {
  testing::TestBackendOptions options;
  options.refuse_open = std::move(why);
  return options;
}

class PluginStateStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<PluginStateStore> open(TestBackend& backend) {
    PluginStateStore::Opened opened = backend.open(&stats_);
    EXPECT_EQ(opened.error, "");
    return std::move(opened.store);
  }

  // Starts a batch; the answer lands in `answer` once io_ runs.
  void start(StateStore& store, std::vector<StateOp> ops, std::optional<BatchResult>& answer) {
    store.execute(std::move(ops), io_.get_executor(), [&answer](BatchResult result) { answer = std::move(result); });
  }

  BatchResult execute(StateStore& store, std::vector<StateOp> ops) {
    std::optional<BatchResult> answer;
    start(store, std::move(ops), answer);
    io_.restart();
    io_.run();
    EXPECT_TRUE(answer) << "no answer";
    return answer.value_or(BatchResult{});
  }

  int64_t metric(const char* name) {
    const stats::Metric* found = stats_.find(name);
    return found == nullptr ? -1 : found->get();
  }

  stats::StatsStore stats_;
  asio::io_context io_;
};

TEST_F(PluginStateStoreTest, OpensTheBackendWithItsConfigAndTheNodesFolder) {
  TestBackend backend;
  PluginStateStore::Opened opened = backend.open(&stats_, R"({"address":"x"})", "/var/lib/smppd/state");
  ASSERT_NE(opened.store, nullptr) << opened.error;
  EXPECT_EQ(backend.last_config(), R"({"address":"x"})");
  EXPECT_EQ(backend.last_node_dir(), "/var/lib/smppd/state");
  ASSERT_NE(backend.last_host(), nullptr);
  EXPECT_NE(backend.last_host()->state, nullptr) << "the backend needs host->state->complete";
}

TEST_F(PluginStateStoreTest, ARefusedOpenNamesTheBackendAndItsReason) {
  TestBackend backend(refusing_to_open("cannot reach 10.0.0.1:6379"));
  PluginStateStore::Opened opened = backend.open(&stats_);
  EXPECT_EQ(opened.store, nullptr);
  EXPECT_EQ(opened.error, "state store 'test' did not open: cannot reach 10.0.0.1:6379");
}

TEST_F(PluginStateStoreTest, EveryOperationReachesTheBackendAsItWasMade) {
  TestBackend backend;
  auto store = open(backend);
  execute(*store, every_operation());
  const auto received = backend.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(texts_of(received[0]), texts_of(every_operation()));
}

TEST_F(PluginStateStoreTest, EveryFieldOfEveryAnswerComesBack) {
  TestBackend backend;
  // The backend answers by hand, filling every field, with a different status per operation.
  backend.on_execute([](const smppd_state_op*, uint32_t count, smppd_state_completion* completion) {
    const smppd_state_item items[] = {{7, cxx_state::bytes_of("first")}, {9, cxx_state::bytes_of("second")}};
    std::vector<smppd_state_result> results(count);
    for (uint32_t i = 0; i < count; ++i) {
      smppd_state_result& r = results[i];
      r.struct_size = sizeof r;
      r.status = i == 0 ? SMPPD_STATE_OK : SMPPD_STATE_NOT_FOUND;
      r.has_value = i == 0 ? 1 : 0;
      r.value = cxx_state::bytes_of(i == 0 ? "the value" : "ignored without has_value");
      r.number = -42 - static_cast<int64_t>(i);
      r.item_id = 1000 + i;
      r.count = 3 + i;
      r.items = i == 0 ? items : nullptr;
      r.item_count = i == 0 ? 2 : 0;
    }
    smppd_state_batch_result batch{};
    batch.struct_size = sizeof batch;
    batch.status = SMPPD_STATE_OK;
    batch.result_count = count;
    batch.results = results.data();
    TestBackend::current()->last_host()->state->complete(completion, &batch);
  });
  auto store = open(backend);
  const BatchResult answer = execute(*store, {op::ListRange{"a"}, op::Get{"b"}});
  EXPECT_EQ(answer.status.code, StateCode::ok);
  ASSERT_EQ(answer.results.size(), 2u);
  const StateResult& first = answer.results[0];
  EXPECT_EQ(first.status.code, StateCode::ok);
  EXPECT_EQ(first.value, "the value");
  EXPECT_EQ(first.number, -42);
  EXPECT_EQ(first.item_id, 1000u);
  EXPECT_EQ(first.count, 3u);
  EXPECT_THAT(first.items, ElementsAre(ListItem{7, "first"}, ListItem{9, "second"}));
  const StateResult& second = answer.results[1];
  EXPECT_EQ(second.status.code, StateCode::not_found);
  EXPECT_EQ(second.value, std::nullopt);
  EXPECT_EQ(second.number, -43);
  EXPECT_EQ(second.item_id, 1001u);
  EXPECT_EQ(second.count, 4u);
  EXPECT_TRUE(second.items.empty());
}

TEST_F(PluginStateStoreTest, EveryOperationRunsOnTheBackend) {
  TestBackend backend;
  auto store = open(backend);
  const BatchResult written = execute(*store, {op::Set{"k", "v"}, op::Increment{"n", 5}, op::ListAppend{"l", "x"},
                                               op::SetAdd{"s", "m"}, op::GcraTake{"r", 1, 1000us, 2}});
  ASSERT_EQ(written.status.code, StateCode::ok) << written.status.to_string();
  EXPECT_EQ(written.results[1].number, 5);
  EXPECT_EQ(written.results[2].item_id, 1u);
  EXPECT_EQ(written.results[3].count, 1u);
  EXPECT_EQ(written.results[4].number, 1) << "one of a burst of two is left";
  const BatchResult read = execute(*store, {op::Get{"k"}, op::ListRange{"l"}, op::SetContains{"s", "m"}});
  EXPECT_EQ(read.results[0].value, "v");
  EXPECT_THAT(read.results[1].items, ElementsAre(ListItem{1, "x"}));
  EXPECT_EQ(read.results[2].count, 1u);
}

TEST_F(PluginStateStoreTest, AnAnswerGivenInsideExecuteIsPostedNeverRunThere) {
  TestBackend backend;  // answers inside execute()
  auto store = open(backend);
  std::optional<BatchResult> answer;
  start(*store, {op::Set{"k", "v"}}, answer);
  EXPECT_FALSE(answer) << "the callback ran inside execute()";
  io_.poll();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status.code, StateCode::ok);
}

TEST_F(PluginStateStoreTest, AnOutstandingBatchKeepsTheCallersContextBusy) {
  TestBackend backend(held_answers());
  auto store = open(backend);
  std::optional<BatchResult> answer;
  start(*store, {op::Set{"k", "v"}}, answer);
  io_.poll();
  EXPECT_FALSE(io_.stopped()) << "a run() of the caller's context would return before the answer";
  EXPECT_EQ(store->outstanding(), 1u);
  backend.answer_held();
  io_.run();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status.code, StateCode::ok);
  EXPECT_EQ(store->outstanding(), 0u);
}

TEST_F(PluginStateStoreTest, WithoutACallbackNothingIsPostedAndTheBatchStillRuns) {
  TestBackend backend(held_answers());
  auto store = open(backend);
  store->run(op::Delete{"k"}, io_.get_executor(), StateStore::ResultCallback{});
  io_.poll();
  EXPECT_FALSE(io_.stopped()) << "the caller's context is held until the backend answers";
  backend.answer_held();
  // A posted empty callback would throw std::bad_function_call out of run().
  EXPECT_NO_THROW(io_.run());
  EXPECT_EQ(io_.run(), 0u) << "nothing was posted";
  EXPECT_EQ(texts_of(backend.received().front()), texts_of({op::Delete{"k"}}));
  EXPECT_EQ(store->outstanding(), 0u);
  EXPECT_EQ(metric("smppd.state.ops_total"), 1);
}

TEST_F(PluginStateStoreTest, AskedForFailuresOnlyASuccessIsNotPostedAndAFailureIs) {
  TestBackend backend;
  auto store = open(backend);
  int answers = 0;
  std::optional<StateResult> failed;
  const auto keep = [&answers, &failed](StateResult result) {
    ++answers;
    failed = std::move(result);
  };
  store->run(op::Set{"k", "v"}, io_.get_executor(), keep, StateStore::Answer::failures);
  // not_found leaves a batch standing: it is no failure either.
  store->run(op::Delete{"absent"}, io_.get_executor(), keep, StateStore::Answer::failures);
  EXPECT_EQ(io_.run(), 0u) << "a success was posted";
  EXPECT_EQ(answers, 0);

  backend.on_execute([](const smppd_state_op*, uint32_t count, smppd_state_completion* completion) {
    const cxx_state::BatchResult busy = cxx_state::refused_batch(count, {StateCode::busy, "queue full"});
    const cxx_state::CBatchResult answer(busy);
    TestBackend::current()->last_host()->state->complete(completion, answer.get());
  });
  store->run(op::Set{"k", "v"}, io_.get_executor(), keep, StateStore::Answer::failures);
  io_.restart();
  io_.run();
  EXPECT_EQ(answers, 1);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status.code, StateCode::busy);
  EXPECT_EQ(metric("smppd.state.ops_total"), 3) << "every batch counts, answered or not";
}

TEST_F(PluginStateStoreTest, ABatchIsAnsweredOnceHoweverOftenTheBackendCompletesIt) {
  TestBackend backend;
  backend.on_execute([](const smppd_state_op*, uint32_t count, smppd_state_completion* completion) {
    const cxx_state::BatchResult ok = cxx_state::refused_batch(count, {});
    const cxx_state::CBatchResult answer(ok);
    const smppd_state_api* state = TestBackend::current()->last_host()->state;
    state->complete(completion, answer.get());
    state->complete(completion, answer.get());  // logged and ignored
  });
  auto store = open(backend);
  int answers = 0;
  store->execute({op::Get{"k"}}, io_.get_executor(), [&answers](BatchResult) { ++answers; });
  io_.run();
  EXPECT_EQ(answers, 1);
  EXPECT_EQ(metric("smppd.state.ops_total"), 1);
}

TEST_F(PluginStateStoreTest, ACompletionTheHostNeverMadeIsIgnored) {
  TestBackend backend;
  auto store = open(backend);
  // Any value: a completion is a handle the host looks up, never an address it follows.
  backend.last_host()->state->complete(reinterpret_cast<smppd_state_completion*>(uintptr_t{0xdead0000}), nullptr);
  backend.last_host()->state->complete(nullptr, nullptr);
  EXPECT_EQ(execute(*store, {op::Set{"k", "v"}}).status.code, StateCode::ok);
}

TEST_F(PluginStateStoreTest, AMissingOrShortAnswerIsAnError) {
  TestBackend backend;
  backend.on_execute([](const smppd_state_op*, uint32_t, smppd_state_completion* completion) {
    smppd_state_batch_result batch{};
    batch.struct_size = sizeof batch;
    batch.status = SMPPD_STATE_OK;
    batch.result_count = 1;  // of two
    smppd_state_result one{};
    one.struct_size = sizeof one;
    batch.results = &one;
    TestBackend::current()->last_host()->state->complete(completion, &batch);
  });
  auto store = open(backend);
  const BatchResult answer = execute(*store, {op::Get{"a"}, op::Get{"b"}});
  EXPECT_EQ(answer.status.code, StateCode::error);
  ASSERT_EQ(answer.results.size(), 2u);
  EXPECT_EQ(answer.results[1].status.code, StateCode::error);
  EXPECT_EQ(metric("smppd.state.ops_failed"), 2);
}

TEST_F(PluginStateStoreTest, AMalformedOperationIsRefusedBeforeTheBackend) {
  TestBackend backend;
  auto store = open(backend);
  const BatchResult no_interval = execute(*store, {op::Set{"k", "v"}, op::GcraTake{"r", 1, 0us, 1}});
  EXPECT_EQ(no_interval.status.code, StateCode::error);
  EXPECT_THAT(no_interval.status.message, HasSubstr("operation 1: gcra_take needs interval_us > 0"));
  EXPECT_EQ(no_interval.results[0].status.code, StateCode::error);
  const BatchResult no_key = execute(*store, {op::Get{""}});
  EXPECT_EQ(no_key.status.message, "operation 0: empty key");
  std::vector<StateOp> too_many(kMaxBatchOps + 1, op::Get{"k"});
  const BatchResult too_long = execute(*store, too_many);
  EXPECT_EQ(too_long.status.code, StateCode::error);
  EXPECT_EQ(too_long.status.message, "a batch holds at most 256 operations, this one 257");
  EXPECT_TRUE(backend.received().empty()) << "a refused batch reached the backend";
  EXPECT_EQ(execute(*store, std::vector<StateOp>(kMaxBatchOps, op::Get{"k"})).status.code, StateCode::ok);
}

TEST_F(PluginStateStoreTest, AnEmptyBatchIsAnsweredWithoutTheBackend) {
  TestBackend backend;
  auto store = open(backend);
  const BatchResult answer = execute(*store, {});
  EXPECT_EQ(answer.status.code, StateCode::ok);
  EXPECT_TRUE(answer.results.empty());
  EXPECT_TRUE(backend.received().empty());
}

TEST_F(PluginStateStoreTest, BusyAndUnavailableFromTheBackendReachTheCallerAndCountAsFailed) {
  TestBackend backend;
  auto store = open(backend);
  backend.on_execute([](const smppd_state_op*, uint32_t count, smppd_state_completion* completion) {
    const cxx_state::BatchResult busy = cxx_state::refused_batch(count, {StateCode::busy, "queue full"});
    const cxx_state::CBatchResult answer(busy);
    TestBackend::current()->last_host()->state->complete(completion, answer.get());
  });
  const BatchResult busy = execute(*store, {op::Get{"a"}, op::Get{"b"}});
  EXPECT_EQ(busy.status.code, StateCode::busy);
  EXPECT_EQ(busy.status.message, "queue full");
  EXPECT_EQ(busy.results[1].status.code, StateCode::busy);
  EXPECT_EQ(metric("smppd.state.ops_failed"), 2);

  backend.on_execute({});
  backend.set_available(false);
  EXPECT_FALSE(store->available());
  EXPECT_EQ(execute(*store, {op::Get{"a"}}).status.code, StateCode::unavailable);
  EXPECT_EQ(metric("smppd.state.ops_failed"), 3);
  backend.set_available(true);
  EXPECT_TRUE(store->available());
  EXPECT_EQ(metric("smppd.state.ops_total"), 3);
  EXPECT_GT(stats_.find("smppd.state.latency_us")->count(), 0u);
}

TEST_F(PluginStateStoreTest, CloseLetsTheBackendFinishWhatItStarted) {
  TestBackend backend(held_answers());
  auto store = open(backend);
  std::optional<BatchResult> answer;
  start(*store, {op::Set{"k", "v"}}, answer);
  store->close();
  io_.run();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status.code, StateCode::ok);
}

TEST_F(PluginStateStoreTest, CloseAnswersWhatTheBackendLeftAndEveryLaterCallUnavailable) {
  TestBackend backend(held_answers(/*dropped_on_close=*/true));
  auto store = open(backend);
  std::optional<BatchResult> first;
  std::optional<BatchResult> second;
  start(*store, {op::Set{"k", "v"}}, first);
  start(*store, {op::Get{"k"}, op::Get{"j"}}, second);
  store->close();
  store->close();  // once
  EXPECT_EQ(backend.closes(), 1);
  io_.run();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status.code, StateCode::unavailable);
  EXPECT_EQ(second->status.code, StateCode::unavailable);
  EXPECT_EQ(second->results.size(), 2u);
  EXPECT_EQ(store->outstanding(), 0u);

  const BatchResult later = execute(*store, {op::Get{"k"}});
  EXPECT_EQ(later.status.code, StateCode::unavailable);
  EXPECT_EQ(later.status.message, "the state store is closed");
  EXPECT_FALSE(store->available());
  EXPECT_EQ(backend.received().size(), 2u) << "a call after close reached the backend";
}

TEST_F(PluginStateStoreTest, WithoutSubscribeInTheBackendPublishesReachThisProcess) {
  TestBackend backend;  // no subscribe: a store for one node
  auto store = open(backend);
  std::vector<std::string> heard;
  store->subscribe("receipts", [&heard](const std::string& channel, const std::string& message) {
    heard.push_back(channel + ":" + message);
  });
  execute(*store, {op::Set{"k", "v"}, op::Publish{"receipts", "acme"}, op::Publish{"other", "x"}});
  EXPECT_THAT(heard, ElementsAre("receipts:acme"));
  // A batch that stops publishes nothing.
  const BatchResult stopped = execute(*store, {op::Publish{"receipts", "never"}, op::SetIfAbsent{"k", "w"}});
  EXPECT_EQ(stopped.status.code, StateCode::exists);
  EXPECT_THAT(heard, ElementsAre("receipts:acme"));
}

TEST_F(PluginStateStoreTest, WithSubscribeInTheBackendSubscriptionsGoToIt) {
  TestBackend backend(with_subscribe());
  auto store = open(backend);
  std::vector<std::string> heard;
  store->subscribe("receipts", [&heard](const std::string& channel, const std::string& message) {
    heard.push_back(channel + ":" + message);
  });
  EXPECT_THAT(backend.subscribed_channels(), ElementsAre("receipts"));
  backend.publish_remote("receipts", "from another node");
  execute(*store, {op::Publish{"receipts", "from here"}});
  EXPECT_THAT(heard, ElementsAre("receipts:from another node", "receipts:from here"))
      << "published once through the backend, never also locally";
}

TEST_F(PluginStateStoreTest, SharedIsWhatTheBackendSaysAndWithoutAnAnswerWhetherItSubscribes) {
  {
    TestBackend backend;  // neither: a store for one node
    EXPECT_FALSE(open(backend)->shared());
  }
  {
    TestBackend backend(with_subscribe());  // other nodes publish to it: shared
    EXPECT_TRUE(open(backend)->shared());
  }
  {
    testing::TestBackendOptions options = with_subscribe();
    options.shared = false;  // subscribes (in-process publish) and says it is this node's own: embedded
    TestBackend backend(options);
    EXPECT_FALSE(open(backend)->shared());
  }
  {
    testing::TestBackendOptions options;
    options.shared = true;
    TestBackend backend(options);
    auto store = open(backend);
    EXPECT_TRUE(store->shared());
    store->close();
    EXPECT_TRUE(store->shared()) << "closed: the safe answer";
  }
}

// Threads call while the store closes: each call is answered exactly once, ok before the close
// and unavailable after, and nothing reaches the backend once its close() began.
TEST_F(PluginStateStoreTest, CallsRacingCloseAreEachAnsweredOnce) {
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 2000;
  TestBackend backend;
  auto store = open(backend);
  std::atomic<int> answered{0};
  std::atomic<int> ok{0};
  std::atomic<int> started{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      asio::io_context worker;
      started.fetch_add(1);
      for (int i = 0; i < kCallsPerThread; ++i) {
        store->execute({op::ListAppend{"thread" + std::to_string(t), std::to_string(i)}}, worker.get_executor(),
                       [&](BatchResult result) {
                         answered.fetch_add(1);
                         ok.fetch_add(result.status.ok() ? 1 : 0);
                       });
      }
      worker.run();  // returns once every answer has run
    });
  }
  while (started.load() < kThreads) std::this_thread::yield();
  std::this_thread::sleep_for(1ms);
  store->close();
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(answered.load(), kThreads * kCallsPerThread);
  size_t reached = 0;
  for (const auto& batch : backend.received()) reached += batch.size();
  EXPECT_EQ(static_cast<size_t>(ok.load()), reached) << "every batch the backend took was answered ok";
}

}  // namespace
}  // namespace smppd::state
