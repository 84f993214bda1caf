// The deferred store a hot-restarted process serves with until the old process releases the
// backend: calls wait in order, bounded, and reach the backend in that order once attached;
// subscriptions made meanwhile are made on it when it comes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/state/deferred_state_store.h"
#include "tests/host/state/test_backend.h"

namespace smppd::state {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class DeferredStateStoreTest : public ::testing::Test {
 protected:
  // A backend plugin's store; every one opened shares the backend's data.
  std::unique_ptr<StateStore> open_backend() {
    PluginStateStore::Opened opened = backend_.open(&stats_);
    EXPECT_EQ(opened.error, "");
    return std::move(opened.store);
  }

  // Appends `value` to `list` through the deferred store; the answer lands in `answer`.
  void append(const std::string& list, const std::string& value, std::optional<StateResult>& answer) {
    deferred_.run(op::ListAppend{list, value}, io_.get_executor(), [&answer](StateResult result) { answer = result; });
  }

  // Runs io_ until every call made on it has completed.
  void finish_calls() {
    io_.restart();
    io_.run();
  }

  std::vector<std::string> values_of(StateStore& store, const std::string& list) {
    std::optional<StateResult> answer;
    store.run(op::ListRange{list, 0, 100000}, io_.get_executor(), [&answer](StateResult result) { answer = result; });
    finish_calls();
    std::vector<std::string> values;
    if (answer) {
      for (const ListItem& item : answer->items) values.push_back(item.value);
    }
    return values;
  }

  stats::StatsStore stats_;
  testing::TestBackend backend_;
  asio::io_context io_;
  DeferredStateStore deferred_{100, &stats_};
};

TEST_F(DeferredStateStoreTest, CallsMadeBeforeTheBackendWaitAndReachItInTheOrderMade) {
  std::vector<std::optional<StateResult>> answers(10);
  for (size_t i = 0; i < answers.size(); ++i) append("outbox", std::to_string(i), answers[i]);
  io_.restart();
  io_.poll();
  for (const auto& answer : answers) EXPECT_FALSE(answer) << "answered before a backend was there";
  EXPECT_EQ(deferred_.waiting(), answers.size());
  EXPECT_EQ(stats_.find("smppd.state.queue_depth")->get(), 10);

  deferred_.attach(open_backend());
  EXPECT_TRUE(deferred_.attached());
  finish_calls();
  uint64_t previous_id = 0;
  for (const auto& answer : answers) {
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status.code, StateCode::ok) << answer->status.to_string();
    EXPECT_GT(answer->item_id, previous_id) << "a later call was applied first";
    previous_id = answer->item_id;
  }
  EXPECT_EQ(values_of(deferred_, "outbox"), (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
}

TEST_F(DeferredStateStoreTest, SharedUntilTheBackendComesThenWhatItSays) {
  EXPECT_TRUE(deferred_.shared()) << "before the backend, a plugin's counts stay in the store";
  deferred_.attach(open_backend());  // the test backend has neither shared nor subscribe: one node
  EXPECT_FALSE(deferred_.shared());
}

TEST_F(DeferredStateStoreTest, WaitingCallsKeepTheCallersContextFromRunningOutOfWork) {
  std::optional<StateResult> answer;
  append("outbox", "kept", answer);
  io_.restart();
  io_.poll();
  EXPECT_FALSE(io_.stopped()) << "a run() of the caller's context would return before the answer";
  deferred_.attach(open_backend());
  finish_calls();
  EXPECT_TRUE(answer && answer->status.ok());
}

TEST_F(DeferredStateStoreTest, BeyondTheQueueCapacityCallsAnswerBusyPostedNeverInline) {
  DeferredStateStore small(2, &stats_);
  std::vector<std::optional<StateResult>> answers(3);
  for (auto& answer : answers) {
    small.run(op::Set{"key", "value"}, io_.get_executor(), [&answer](StateResult result) { answer = result; });
  }
  EXPECT_FALSE(answers[2]) << "the refusal ran inside the call";
  io_.restart();
  io_.poll();
  ASSERT_TRUE(answers[2]);
  EXPECT_EQ(answers[2]->status.code, StateCode::busy);
  EXPECT_FALSE(answers[0]);
  EXPECT_FALSE(answers[1]);
  EXPECT_EQ(stats_.find("smppd.state.ops_failed")->get(), 1);

  small.attach(open_backend());
  finish_calls();
  EXPECT_TRUE(answers[0] && answers[0]->status.ok());
  EXPECT_TRUE(answers[1] && answers[1]->status.ok());
}

TEST_F(DeferredStateStoreTest, FailAnswersTheWaitingCallsAndEveryLaterOneUnavailable) {
  std::optional<StateResult> waiting;
  std::optional<StateResult> later;
  append("outbox", "before", waiting);
  deferred_.fail("the store is locked by another process");
  append("outbox", "after", later);
  EXPECT_FALSE(later) << "the refusal ran inside the call";
  finish_calls();
  ASSERT_TRUE(waiting);
  ASSERT_TRUE(later);
  EXPECT_EQ(waiting->status.code, StateCode::unavailable);
  EXPECT_EQ(later->status.code, StateCode::unavailable);
  EXPECT_NE(later->status.message.find("locked by another process"), std::string::npos) << later->status.message;

  // A backend that comes anyway is closed at once: its files are free for the next process.
  deferred_.attach(open_backend());
  EXPECT_FALSE(deferred_.attached());
  EXPECT_EQ(backend_.closes(), 1);
  EXPECT_FALSE(deferred_.available());
}

TEST_F(DeferredStateStoreTest, CloseBeforeTheBackendAnswersTheWaitingCallsUnavailable) {
  std::optional<StateResult> waiting;
  append("outbox", "before", waiting);
  deferred_.close();
  deferred_.close();  // idempotent
  finish_calls();
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->status.code, StateCode::unavailable);
  deferred_.attach(open_backend());
  EXPECT_EQ(backend_.closes(), 1) << "the backend attached after close() was kept open";
}

TEST_F(DeferredStateStoreTest, HowACallWantsItsAnswerReachesTheBackendAndARefusal) {
  std::optional<StateResult> failure;
  // Waiting, then attached: a success asked for failures only is not posted.
  deferred_.run(op::Set{"k", "v"}, io_.get_executor(), [&failure](StateResult result) { failure = result; },
                StateStore::Answer::failures);
  deferred_.attach(open_backend());
  finish_calls();
  EXPECT_FALSE(failure) << "a success was answered";
  deferred_.run(op::Set{"k", "v"}, io_.get_executor(), [&failure](StateResult result) { failure = result; },
                StateStore::Answer::failures);
  finish_calls();
  EXPECT_FALSE(failure) << "a success was answered";

  DeferredStateStore closed{100, &stats_};
  closed.run(op::Set{"k", "v"}, io_.get_executor(), [&failure](StateResult result) { failure = result; },
             StateStore::Answer::failures);
  closed.run(op::Delete{"k"}, io_.get_executor(), StateStore::ResultCallback{});  // no answer wanted
  closed.close();
  // A posted empty callback would throw std::bad_function_call out of run().
  EXPECT_NO_THROW(finish_calls());
  ASSERT_TRUE(failure) << "a refusal is a failure and is answered";
  EXPECT_EQ(failure->status.code, StateCode::unavailable);
}

TEST_F(DeferredStateStoreTest, CloseAfterAttachFinishesTheCallsAndReleasesTheBackendsFiles) {
  deferred_.attach(open_backend());
  std::optional<StateResult> answer;
  append("outbox", "last", answer);
  deferred_.close();
  finish_calls();
  EXPECT_TRUE(answer && answer->status.ok());

  EXPECT_EQ(backend_.closes(), 1) << "close() did not close the backend";
  std::unique_ptr<StateStore> reopened = open_backend();
  EXPECT_EQ(values_of(*reopened, "outbox"), std::vector<std::string>{"last"});
  std::optional<StateResult> after_close;
  append("outbox", "refused", after_close);
  finish_calls();
  ASSERT_TRUE(after_close);
  EXPECT_EQ(after_close->status.code, StateCode::unavailable);
}

// Each thread appends 0, 1, 2, ... to its own list, on its own io_context, while the backend is
// attached in the middle: every list must hold its numbers in order, none missing.
TEST_F(DeferredStateStoreTest, CallsFromManyThreadsRacingAttachKeepEachThreadsOrder) {
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 3000;
  DeferredStateStore store(kThreads * kCallsPerThread, &stats_);
  std::atomic<int> ok{0};
  std::atomic<int> started{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      asio::io_context worker;
      started.fetch_add(1);
      for (int i = 0; i < kCallsPerThread; ++i) {
        store.run(op::ListAppend{"thread" + std::to_string(t), std::to_string(i)}, worker.get_executor(),
                  [&ok](StateResult result) { ok.fetch_add(result.status.ok() ? 1 : 0); });
      }
      worker.run();  // returns once every completion has run
    });
  }
  while (started.load() < kThreads) std::this_thread::yield();
  std::this_thread::sleep_for(1ms);
  store.attach(open_backend());
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads * kCallsPerThread);

  for (int t = 0; t < kThreads; ++t) {
    const std::vector<std::string> values = values_of(store, "thread" + std::to_string(t));
    ASSERT_EQ(values.size(), static_cast<size_t>(kCallsPerThread));
    for (int i = 0; i < kCallsPerThread; ++i) {
      ASSERT_EQ(values[static_cast<size_t>(i)], std::to_string(i)) << "thread " << t << " out of order";
    }
  }
}

TEST_F(DeferredStateStoreTest, SubscriptionsMadeBeforeTheBackendAreMadeOnItWhenItComes) {
  std::vector<std::string> heard;
  deferred_.subscribe("receipts", [&heard](const std::string&, const std::string& message) { heard.push_back(message); });
  EXPECT_TRUE(deferred_.available()) << "waiting calls will be answered";
  std::optional<StateResult> published;
  deferred_.run(op::Publish{"receipts", "waited"}, io_.get_executor(),
                [&published](StateResult result) { published = result; });
  deferred_.attach(open_backend());
  finish_calls();
  ASSERT_TRUE(published);
  EXPECT_EQ(published->status.code, StateCode::ok);
  EXPECT_THAT(heard, ::testing::ElementsAre("waited")) << "the subscription came after the waiting publish";

  // Later subscriptions go straight to the backend.
  deferred_.subscribe("other", [&heard](const std::string&, const std::string& message) { heard.push_back(message); });
  deferred_.run(op::Publish{"other", "direct"}, io_.get_executor(), [](StateResult) {});
  finish_calls();
  EXPECT_THAT(heard, ::testing::ElementsAre("waited", "direct"));
}

TEST_F(DeferredStateStoreTest, AvailableIsTheBackendsOnceAttached) {
  deferred_.attach(open_backend());
  EXPECT_TRUE(deferred_.available());
  backend_.set_available(false);
  EXPECT_FALSE(deferred_.available());
  deferred_.close();
  EXPECT_FALSE(deferred_.available());
}

}  // namespace
}  // namespace smppd::state
