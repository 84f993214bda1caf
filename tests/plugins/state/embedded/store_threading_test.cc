// The store's thread: calls from any thread are queued and answered on the store thread once their
// round is on disk; a full queue and a closed store answer at once; every call queued in one
// round shares one write.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/plugins/state/embedded/embedded_store_fixture.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedStoreTest;

// Holds the store thread before its next round, so that calls pile up in the queue.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    opened_.wait(lock, [this] { return open_; });
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

class StoreThreading : public EmbeddedStoreTest {
 protected:
  // The store thread may wait at the gate: open it and stop the store while the gate exists.
  ~StoreThreading() override {
    gate_.release();
    close();
  }

  void open_held(size_t queue_capacity = 100000) {
    open([this, queue_capacity](EmbeddedStateStoreOptions& options) {
      options.queue_capacity = queue_capacity;
      options.before_round = [this] { gate_.wait(); };
    });
  }

  Gate gate_;
};

struct Arrival {
  std::thread::id thread;
  bool inside_the_call = false;
  StateCode code = StateCode::error;
};

TEST_F(StoreThreading, QueuedCallsAreAnsweredOnTheStoreThreadAfterTheCall) {
  open();
  std::mutex mutex;
  std::vector<Arrival> arrivals;
  std::atomic<bool> calling{false};
  auto record = [&](StateResult result) {
    std::lock_guard lock(mutex);
    arrivals.push_back({std::this_thread::get_id(), calling.load(), result.status.code});
  };
  auto call = [&](StateOp op) {
    calling = true;
    start(std::move(op), record);
    calling = false;
  };
  call(op::Set{"k", "v"});
  call(op::Get{"k"});
  call(op::Get{"missing"});
  wait_for_calls();
  ASSERT_EQ(arrivals.size(), 3u);
  std::set<std::thread::id> threads;
  for (const Arrival& arrival : arrivals) {
    threads.insert(arrival.thread);
    EXPECT_NE(arrival.thread, std::this_thread::get_id());
  }
  EXPECT_EQ(threads.size(), 1u) << "one store thread answers every call";
  EXPECT_EQ(arrivals[0].code, StateCode::ok);
  EXPECT_EQ(arrivals[1].code, StateCode::ok);
  EXPECT_EQ(arrivals[2].code, StateCode::not_found);
}

TEST_F(StoreThreading, OnlyARefusedCallIsAnsweredInsideTheCall) {
  open_held(1);
  std::vector<StateCode> codes;
  std::mutex mutex;
  auto note = [&](StateResult result) {
    std::lock_guard lock(mutex);
    codes.push_back(result.status.code);
  };
  start(op::Set{"k", "v"}, note);
  start(op::Set{"k", "w"}, note);  // the queue holds one: busy, at once
  {
    std::lock_guard lock(mutex);
    EXPECT_THAT(codes, ::testing::ElementsAre(StateCode::busy)) << "the queued call waits for its round";
  }
  gate_.release();
  wait_for_calls();
  EXPECT_THAT(codes, ::testing::ElementsAre(StateCode::busy, StateCode::ok));
  EXPECT_EQ(value_of("k"), "v");

  store_->close();
  EXPECT_FALSE(store_->available());
  const StateResult closed = run(op::Get{"k"});  // answered inside the call
  EXPECT_EQ(closed.status.code, StateCode::unavailable);
  EXPECT_THAT(closed.status.message, ::testing::HasSubstr("closed"));
}

TEST_F(StoreThreading, AFullQueueAnswersBusy) {
  open_held(3);
  std::mutex mutex;
  std::vector<StateCode> codes;
  for (int i = 0; i < 5; ++i) {
    start(op::Set{"k" + std::to_string(i), "v"}, [&](StateResult result) {
      std::lock_guard lock(mutex);
      codes.push_back(result.status.code);
    });
  }
  {
    std::lock_guard lock(mutex);
    EXPECT_THAT(codes, ::testing::ElementsAre(StateCode::busy, StateCode::busy));
  }
  EXPECT_EQ(gauge("queue_depth"), 3);
  gate_.release();
  wait_for_calls();
  EXPECT_THAT(codes, ::testing::ElementsAre(StateCode::busy, StateCode::busy, StateCode::ok, StateCode::ok,
                                            StateCode::ok));
  EXPECT_EQ(gauge("queue_depth"), 0);
  EXPECT_EQ(value_of("k3"), "<absent>") << "a busy call did nothing";
  EXPECT_EQ(value_of("k2"), "v");
}

TEST_F(StoreThreading, EverythingQueuedCommitsAsOneRound) {
  open_held();
  std::atomic<int> completed{0};
  std::vector<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    start(op::Set{"k" + std::to_string(i), std::to_string(i)},
          [&](StateResult result) { completed += result.status.ok() ? 1 : 0; });
  }
  start(op::Get{"k42"}, [&](StateResult result) { seen.push_back(result.value.value_or("")); });
  gate_.release();
  wait_for_calls();
  EXPECT_EQ(completed.load(), 100);
  EXPECT_THAT(seen, ::testing::ElementsAre("42")) << "a read sees the writes queued before it in its round";
  EXPECT_THAT(histogram("batch_size"), ::testing::ElementsAre(101u)) << "one round of 101 operations";
  EXPECT_EQ(histogram("commit_latency_us").size(), 1u);
}

TEST_F(StoreThreading, AStoppedBatchLeavesTheRestOfItsRoundAlone) {
  open_held();
  std::vector<std::string> answers;  // written on the store thread only
  auto note = [&](StateResult result) { answers.push_back(result.status.ok() ? result.value.value_or("ok") : "-"); };
  start(op::Set{"a", "1"}, note);
  start({op::Set{"b", "2"}, op::SetIfAbsent{"a", "x"}},
        [&](BatchResult batch) { answers.push_back(std::string(name_of(batch.status.code))); });
  start(op::Set{"c", "3"}, note);
  start(op::Get{"a"}, note);
  start(op::Get{"b"}, note);
  start(op::Get{"c"}, note);
  gate_.release();
  wait_for_calls();
  EXPECT_THAT(answers, ::testing::ElementsAre("ok", "exists", "ok", "1", "-", "3"));
  EXPECT_THAT(histogram("batch_size"), ::testing::ElementsAre(7u));
  reopen();
  EXPECT_EQ(value_of("a"), "1");
  EXPECT_EQ(value_of("b"), "<absent>");
  EXPECT_EQ(value_of("c"), "3");
}

TEST_F(StoreThreading, AStoppedBatchPutsBackWhatItOverwroteInItsRound) {
  open_held();
  std::vector<std::string> answers;  // written on the store thread only
  auto note = [&](StateResult result) { answers.push_back(result.status.ok() ? result.value.value_or("ok") : "-"); };
  auto note_batch = [&](BatchResult batch) { answers.push_back(std::string(name_of(batch.status.code))); };
  start({op::Set{"a", "1"}, op::Set{"d", "4"}}, note_batch);
  // Writes a twice and deletes d, then stops: the round's later calls see a and d as before it.
  start({op::Set{"a", "2"}, op::Delete{"d"}, op::Set{"a", "3"}, op::SetIfAbsent{"a", "x"}}, note_batch);
  start(op::Get{"a"}, note);
  start(op::Get{"d"}, note);
  gate_.release();
  wait_for_calls();
  EXPECT_THAT(answers, ::testing::ElementsAre("ok", "exists", "1", "4"));
  reopen();
  EXPECT_EQ(value_of("a"), "1");
  EXPECT_EQ(value_of("d"), "4");
}

TEST_F(StoreThreading, ClosingFinishesWhatWasQueued) {
  open_held();
  std::atomic<int> completed{0};
  for (int i = 0; i < 50; ++i) {
    start(op::Set{"k" + std::to_string(i), "v"}, [&](StateResult result) { completed += result.status.ok() ? 1 : 0; });
  }
  gate_.release();
  close();
  wait_for_calls();
  EXPECT_EQ(completed.load(), 50);
  open();
  EXPECT_EQ(value_of("k49"), "v");
}

TEST_F(StoreThreading, CompareAndSetRacesFromSeveralThreads) {
  open();
  run(op::Set{"counter", "0"});
  constexpr int kThreads = 4;
  constexpr int kEach = 200;
  std::atomic<int> retries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, &retries] {
      std::optional<std::string> current = run(op::Get{"counter"}).value;
      for (int done = 0; done < kEach;) {
        const std::string seen = current.value_or("");
        const std::string next = std::to_string(std::stoll(seen) + 1);
        const StateResult swapped = run(op::CompareAndSet{"counter", seen, next});
        if (swapped.status.ok()) {
          ++done;
          current = next;
        } else {
          EXPECT_EQ(swapped.status.code, StateCode::mismatch);
          ++retries;
          current = swapped.value;  // a mismatch answers what is there now
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(value_of("counter"), std::to_string(kThreads * kEach)) << "no increment was lost";
  RecordProperty("compare_and_set_retries", retries.load());
}

TEST_F(StoreThreading, IncrementCeilingHoldsUnderContention) {
  open();
  constexpr int kThreads = 4;
  constexpr int kEach = 300;
  constexpr int64_t kCeiling = 1000;
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        start(op::Increment{"rate/a", 1, kNoFloor, kCeiling}, [&](StateResult result) {
          if (result.status.ok()) {
            EXPECT_LE(result.number, kCeiling);
            ++accepted;
          } else {
            EXPECT_EQ(result.status.code, StateCode::would_cross);
            ++refused;
          }
        });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  wait_for_calls();
  EXPECT_EQ(accepted.load(), kCeiling);
  EXPECT_EQ(refused.load(), kThreads * kEach - kCeiling);
  EXPECT_EQ(value_of("rate/a"), "1000");
}

}  // namespace
}  // namespace smppd::plugins::embedded
