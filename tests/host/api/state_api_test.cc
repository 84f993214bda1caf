// host->state for filters: batches run on the store the server installed, answers come on a host
// thread and never inside execute(), and without a store calls are refused at once.
#include "host/api/state_api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "host/api/host_api.h"
#include "tests/host/state/test_backend.h"

namespace smppd::api {
namespace {

using namespace std::chrono_literals;
namespace cxx_state = ::smppd::cxx::state;
namespace op = ::smppd::cxx::state::op;

// What a done callback saw.
struct Answer {
  std::promise<void> came;
  std::thread::id thread;
  cxx_state::BatchResult batch;

  static void done(void* user_data, const smppd_state_batch_result* result) {
    auto* answer = static_cast<Answer*>(user_data);
    answer->thread = std::this_thread::get_id();
    answer->batch = cxx_state::batch_from_c(result, result->result_count);
    answer->came.set_value();
  }
};

class StateApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state::PluginStateStore::Opened opened = backend_.open(&stats_);
    ASSERT_NE(opened.store, nullptr) << opened.error;
    store_ = std::move(opened.store);
  }
  void TearDown() override { install_state_store(nullptr); }

  const smppd_state_api* state() const { return host_table()->state; }

  stats::StatsStore stats_;
  state::testing::TestBackend backend_{[] {
    state::testing::TestBackendOptions options;
    options.answer = state::testing::TestBackendOptions::Answer::held;
    return options;
  }()};
  std::unique_ptr<state::PluginStateStore> store_;
};

TEST_F(StateApiTest, TheHostTableCarriesTheStateTable) {
  ASSERT_TRUE(SMPPD_HAS(host_table(), state));
  EXPECT_TRUE(SMPPD_HAS(state(), execute));
  EXPECT_TRUE(SMPPD_HAS(state(), complete));
  EXPECT_TRUE(SMPPD_HAS(state(), available));
}

TEST_F(StateApiTest, WithoutAStoreCallsAreRefusedAtOnce) {
  const std::vector<cxx_state::StateOp> batch{op::Get{"k"}};
  const cxx_state::COps ops(batch);
  Answer answer;
  EXPECT_EQ(state()->execute(ops.data(), ops.size(), &Answer::done, &answer), SMPPD_E_STATE);
  EXPECT_EQ(state()->available(), 0);
}

TEST_F(StateApiTest, ABatchRunsOnTheInstalledStoreAndIsAnsweredOnAHostThread) {
  install_state_store(store_.get());
  EXPECT_EQ(state()->available(), 1);
  Answer answer;
  std::future<void> came = answer.came.get_future();
  {
    // The operations are the caller's only during the call.
    const std::vector<cxx_state::StateOp> batch{op::Set{"k", "v"}, op::Increment{"n", 2}};
    const cxx_state::COps ops(batch);
    ASSERT_EQ(state()->execute(ops.data(), ops.size(), &Answer::done, &answer), SMPPD_OK);
  }
  EXPECT_EQ(backend_.received().size(), 1u);
  EXPECT_EQ(came.wait_for(0ms), std::future_status::timeout) << "answered before the backend did";
  backend_.answer_held();
  ASSERT_EQ(came.wait_for(10s), std::future_status::ready);
  EXPECT_NE(answer.thread, std::this_thread::get_id());
  EXPECT_EQ(answer.batch.status.code, cxx_state::StateCode::ok);
  ASSERT_EQ(answer.batch.results.size(), 2u);
  EXPECT_EQ(answer.batch.results[1].number, 2);
}

TEST_F(StateApiTest, MalformedBatchesAreRefused) {
  install_state_store(store_.get());
  Answer answer;
  // COps point into their batch: each batch outlives its views.
  const std::vector<cxx_state::StateOp> good_batch{op::Get{"k"}};
  const std::vector<cxx_state::StateOp> empty_key_batch{op::Get{""}};
  const std::vector<cxx_state::StateOp> too_many_batch(257, op::Get{"k"});
  const cxx_state::COps good(good_batch);
  const cxx_state::COps empty_key(empty_key_batch);
  const cxx_state::COps too_many(too_many_batch);
  EXPECT_EQ(state()->execute(nullptr, 1, &Answer::done, &answer), SMPPD_E_INVALID);
  EXPECT_EQ(state()->execute(good.data(), 0, &Answer::done, &answer), SMPPD_E_INVALID);
  EXPECT_EQ(state()->execute(good.data(), good.size(), nullptr, &answer), SMPPD_E_INVALID);
  EXPECT_EQ(state()->execute(empty_key.data(), empty_key.size(), &Answer::done, &answer), SMPPD_E_INVALID);
  EXPECT_EQ(state()->execute(too_many.data(), too_many.size(), &Answer::done, &answer), SMPPD_E_INVALID);
  EXPECT_TRUE(backend_.received().empty());
}

TEST_F(StateApiTest, RemovingTheStoreRefusesLaterCallsAndLeavesTheStartedOnesToIt) {
  install_state_store(store_.get());
  Answer started;
  const std::vector<cxx_state::StateOp> batch{op::Get{"k"}};
  const cxx_state::COps ops(batch);
  ASSERT_EQ(state()->execute(ops.data(), ops.size(), &Answer::done, &started), SMPPD_OK);
  install_state_store(nullptr);
  Answer later;
  EXPECT_EQ(state()->execute(ops.data(), ops.size(), &Answer::done, &later), SMPPD_E_STATE);
  store_->close();  // answers what it started
  std::future<void> came = started.came.get_future();
  ASSERT_EQ(came.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(started.batch.results.size(), 1u);
}

}  // namespace
}  // namespace smppd::api
