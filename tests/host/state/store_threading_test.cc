#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/host/state/embedded_store_fixture.h"

namespace smppd::state {
namespace {

namespace asio = boost::asio;
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

  int64_t metric(const char* name) { return stats_.find(name)->get(); }
  const stats::Metric& histogram(const char* name) { return *stats_.find(name); }

  Gate gate_;
};

// A worker: an io_context run by its own thread until stopped.
class Worker {
 public:
  Worker() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {}
  ~Worker() {
    guard_.reset();
    thread_.join();
  }
  asio::io_context& io() { return io_; }
  std::thread::id id() const { return thread_.get_id(); }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

struct Arrival {
  std::thread::id thread;
  bool in_executor = false;
  StateCode code = StateCode::error;
};

TEST_F(StoreThreading, CompletionsArriveOnTheExecutorGiven) {
  open();
  std::vector<Arrival> arrivals;
  {
    Worker worker;
    std::mutex mutex;
    auto record = [&](StateResult result) {
      std::lock_guard lock(mutex);
      arrivals.push_back({std::this_thread::get_id(), worker.io().get_executor().running_in_this_thread(),
                          result.status.code});
    };
    store_->run(op::Set{"k", "v"}, worker.io().get_executor(), record);
    store_->run(op::Get{"k"}, worker.io().get_executor(), record);
    store_->execute({op::Get{"k"}}, worker.io().get_executor(),
                    [&](BatchResult batch) { record(std::move(batch.results.at(0))); });
    store_->close();  // finishes the calls queued, then answers unavailable
    store_->run(op::Get{"k"}, worker.io().get_executor(), record);
    const std::thread::id worker_id = worker.id();
    // ~Worker lets the worker finish what was posted to it.
    for (;;) {
      std::this_thread::sleep_for(1ms);
      std::lock_guard lock(mutex);
      if (arrivals.size() == 4) break;
    }
    for (const Arrival& arrival : arrivals) {
      EXPECT_EQ(arrival.thread, worker_id);
      EXPECT_TRUE(arrival.in_executor);
    }
  }
  ASSERT_EQ(arrivals.size(), 4u);
  EXPECT_EQ(arrivals[0].code, StateCode::ok);
  EXPECT_EQ(arrivals[1].code, StateCode::ok);
  EXPECT_EQ(arrivals[2].code, StateCode::ok);
  EXPECT_EQ(arrivals[3].code, StateCode::unavailable);
}

TEST_F(StoreThreading, NeverCompletesInsideTheCall) {
  open_held(1);
  bool returned = false;
  std::vector<StateCode> codes;
  auto expect_returned = [&](StateResult result) {
    EXPECT_TRUE(returned) << "completed inside the call";
    codes.push_back(result.status.code);
  };
  store_->run(op::Set{"k", "v"}, io_.get_executor(), expect_returned);
  store_->run(op::Set{"k", "v"}, io_.get_executor(), expect_returned);  // busy: the queue holds one
  returned = true;
  gate_.release();
  io_.run();
  EXPECT_THAT(codes, ::testing::UnorderedElementsAre(StateCode::ok, StateCode::busy));
}

TEST_F(StoreThreading, AFullQueueAnswersBusy) {
  open_held(3);
  std::vector<StateCode> codes;
  for (int i = 0; i < 5; ++i) {
    store_->run(op::Set{"k" + std::to_string(i), "v"}, io_.get_executor(),
                [&codes](StateResult result) { codes.push_back(result.status.code); });
  }
  io_.poll();  // busy answers come at once, while the store is still held
  EXPECT_THAT(codes, ::testing::ElementsAre(StateCode::busy, StateCode::busy));
  EXPECT_EQ(metric("smppd.state.queue_depth"), 3);
  gate_.release();
  io_.restart();
  io_.run();
  EXPECT_THAT(codes, ::testing::ElementsAre(StateCode::busy, StateCode::busy, StateCode::ok, StateCode::ok,
                                            StateCode::ok));
  EXPECT_EQ(metric("smppd.state.queue_depth"), 0);
  EXPECT_EQ(metric("smppd.state.ops_total"), 5);
  EXPECT_EQ(metric("smppd.state.ops_failed"), 2);
  EXPECT_EQ(value_of("k3"), "<absent>") << "a busy call did nothing";
  EXPECT_EQ(value_of("k2"), "v");
}

TEST_F(StoreThreading, EverythingQueuedCommitsAsOneRound) {
  open_held();
  int completed = 0;
  std::vector<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    store_->run(op::Set{"k" + std::to_string(i), std::to_string(i)}, io_.get_executor(),
                [&](StateResult result) { completed += result.status.ok() ? 1 : 0; });
  }
  store_->run(op::Get{"k42"}, io_.get_executor(), [&](StateResult result) { seen.push_back(result.value.value_or("")); });
  gate_.release();
  io_.run();
  EXPECT_EQ(completed, 100);
  EXPECT_THAT(seen, ::testing::ElementsAre("42")) << "a read sees the writes queued before it in its round";
  const stats::Metric& rounds = histogram("smppd.state.batch_size");
  EXPECT_EQ(rounds.count.load(), 1u);
  EXPECT_EQ(rounds.sum.load(), 101u);
  EXPECT_EQ(histogram("smppd.state.latency_us").count.load(), 101u);
}

TEST_F(StoreThreading, AStoppedBatchLeavesTheRestOfItsRoundAlone) {
  open_held();
  std::vector<std::string> answers;
  auto note = [&](StateResult result) { answers.push_back(result.status.ok() ? result.value.value_or("ok") : "-"); };
  store_->run(op::Set{"a", "1"}, io_.get_executor(), note);
  store_->execute({op::Set{"b", "2"}, op::SetIfAbsent{"a", "x"}}, io_.get_executor(),
                  [&](BatchResult batch) { answers.push_back(std::string(name_of(batch.status.code))); });
  store_->run(op::Set{"c", "3"}, io_.get_executor(), note);
  store_->run(op::Get{"a"}, io_.get_executor(), note);
  store_->run(op::Get{"b"}, io_.get_executor(), note);
  store_->run(op::Get{"c"}, io_.get_executor(), note);
  gate_.release();
  io_.run();
  EXPECT_THAT(answers, ::testing::ElementsAre("ok", "exists", "ok", "1", "-", "3"));
  reopen();
  EXPECT_EQ(value_of("a"), "1");
  EXPECT_EQ(value_of("b"), "<absent>");
  EXPECT_EQ(value_of("c"), "3");
}

TEST_F(StoreThreading, ClosingFinishesWhatWasQueued) {
  open_held();
  int completed = 0;
  for (int i = 0; i < 50; ++i) {
    store_->run(op::Set{"k" + std::to_string(i), "v"}, io_.get_executor(),
                [&](StateResult result) { completed += result.status.ok() ? 1 : 0; });
  }
  gate_.release();
  close();
  io_.run();
  EXPECT_EQ(completed, 50);
  open();
  EXPECT_EQ(value_of("k49"), "v");
}

// g++ 12 miscompiled aggregate temporaries holding strings in a co_await expression (see
// state_op.h): every operation here is such a temporary, with short strings kept in place.
asio::awaitable<void> every_kind_of_op_in_co_await(StateStore& store, std::vector<std::string>& seen) {
  const auto executor = co_await asio::this_coro::executor;
  for (int i = 0; i < 20; ++i) {
    const std::string n = std::to_string(i);
    co_await async_run(store, op::Set{"k" + n, n}, executor, asio::use_awaitable);
    co_await async_run(store, op::SetIfAbsent{"s" + n, n, 1h}, executor, asio::use_awaitable);
    co_await async_run(store, op::CompareAndSet{"k" + n, n, n + "!"}, executor, asio::use_awaitable);
    co_await async_run(store, op::Increment{"c", 1, 0, 100}, executor, asio::use_awaitable);
    co_await async_run(store, op::ListAppend{"l", n}, executor, asio::use_awaitable);
    co_await async_run(store, op::Delete{"s" + n}, executor, asio::use_awaitable);
    const StateResult found = co_await async_run(store, op::Get{"k" + n}, executor, asio::use_awaitable);
    seen.push_back(found.value.value_or("<absent>"));
  }
  // An initializer list cannot sit in a co_await expression with g++ 12 (it does not compile).
  std::vector<StateOp> drain = {op::ListRange{"l", 0, 2}, op::ListPopFront{"l", 1}, op::ListRemove{"l", {2, 3}}};
  const BatchResult drained = co_await async_execute(store, std::move(drain), executor, asio::use_awaitable);
  seen.push_back(std::to_string(drained.results.at(0).items.size()) + " " +
                 std::to_string(drained.results.at(1).items.size()) + " " +
                 std::to_string(drained.results.at(2).count));
}

TEST_F(StoreThreading, CoroutinesMayPassTemporaryOperations) {
  open();
  std::vector<std::string> seen;
  asio::co_spawn(io_, every_kind_of_op_in_co_await(*store_, seen), asio::detached);
  io_.run();
  ASSERT_EQ(seen.size(), 21u);
  EXPECT_EQ(seen.front(), "0!");
  EXPECT_EQ(seen[19], "19!");
  EXPECT_EQ(seen.back(), "2 1 2");
  EXPECT_EQ(value_of("c"), "20");
}

asio::awaitable<void> add_by_compare_and_set(StateStore& store, int times, int& retries) {
  const auto executor = co_await asio::this_coro::executor;
  StateResult current = co_await async_run(store, op::Get{"counter"}, executor, asio::use_awaitable);
  for (int done = 0; done < times;) {
    const std::string seen = current.value.value_or("");
    const std::string next = std::to_string(std::stoll(seen) + 1);
    StateResult swapped = co_await async_run(store, op::CompareAndSet{"counter", seen, next}, executor, asio::use_awaitable);
    if (swapped.status.ok()) {
      ++done;
      current.value = next;
    } else {
      EXPECT_EQ(swapped.status.code, StateCode::mismatch);
      ++retries;
      current.value = swapped.value;  // a mismatch answers what is there now
    }
  }
}

TEST_F(StoreThreading, CompareAndSetRacesFromSeveralThreads) {
  open();
  run(op::Set{"counter", "0"});
  constexpr int kThreads = 4;
  constexpr int kEach = 200;
  std::vector<int> retries(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &retries] {
      asio::io_context io;
      asio::co_spawn(io, add_by_compare_and_set(*store_, kEach, retries[t]), asio::detached);
      io.run();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(value_of("counter"), std::to_string(kThreads * kEach)) << "no increment was lost";
  int total_retries = 0;
  for (int r : retries) total_retries += r;
  RecordProperty("compare_and_set_retries", total_retries);
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
      asio::io_context io;
      for (int i = 0; i < kEach; ++i) {
        store_->run(op::Increment{"rate/a", 1, kNoFloor, kCeiling}, io.get_executor(),
                    [&](StateResult result) {
                      if (result.status.ok()) {
                        EXPECT_LE(result.number, kCeiling);
                        ++accepted;
                      } else {
                        EXPECT_EQ(result.status.code, StateCode::would_cross);
                        ++refused;
                      }
                    });
      }
      io.run();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), kCeiling);
  EXPECT_EQ(refused.load(), kThreads * kEach - kCeiling);
  EXPECT_EQ(value_of("rate/a"), "1000");
}

}  // namespace
}  // namespace smppd::state
