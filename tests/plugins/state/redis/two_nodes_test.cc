// Two stores on one Redis, as two smppd nodes of one deployment: each sees the other's writes,
// they share one rate limit, and concurrent spending from both never overdraws a balance.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/plugins/state/redis/redis_store_test.h"

namespace smppd::plugins::redis::testing {
namespace {

using namespace std::chrono_literals;
namespace op = state::op;
using state::StateCode;

class TwoNodesTest : public RedisStoreTest {
 protected:
  void SetUp() override {
    RedisStoreTest::SetUp();
    node_b_ = std::make_unique<StoreDriver>(store_config(redis_.port(), {}, store_prefix()));
    ASSERT_EQ(node_b_->open_result(), SMPPD_OK) << node_b_->open_error();
  }
  void TearDown() override {
    if (node_b_) node_b_->close();
    RedisStoreTest::TearDown();
  }

  StoreDriver& node_a() { return store(); }
  StoreDriver& node_b() { return *node_b_; }

  std::unique_ptr<StoreDriver> node_b_;
};

TEST_F(TwoNodesTest, EachSeesTheOthersWrites) {
  ASSERT_EQ(node_a().run_one(op::Set{"idmap/smsc/42", "smppd-7"}).status.code, StateCode::ok);
  EXPECT_EQ(node_b().run_one(op::Get{"idmap/smsc/42"}).value, "smppd-7");
  ASSERT_EQ(node_b().run_one(op::ListAppend{"outbox/acme", "receipt-1"}).item_id, 1u);
  EXPECT_EQ(node_a().run_one(op::ListAppend{"outbox/acme", "receipt-2"}).item_id, 2u);
  EXPECT_EQ(node_b().run_one(op::ListPopFront{"outbox/acme", 10}).items.size(), 2u);
  EXPECT_EQ(node_a().run_one(op::SetIfAbsent{"outbox-lease/acme", "a", 15s}).status.code, StateCode::ok);
  EXPECT_EQ(node_b().run_one(op::SetIfAbsent{"outbox-lease/acme", "b", 15s}).status.code, StateCode::exists);
}

TEST_F(TwoNodesTest, OneRateLimitAcrossBothNodes) {
  // 10 units per minute in a burst: whoever asks, only 10 are taken in all.
  int taken = 0;
  for (int i = 0; i < 10; ++i) {
    StoreDriver& node = i % 2 == 0 ? node_a() : node_b();
    taken += node.run_one(op::GcraTake{"tenant/x", 1, 6s, 10}).status.code == StateCode::ok ? 1 : 0;
  }
  EXPECT_EQ(taken, 10);
  EXPECT_EQ(node_a().run_one(op::GcraTake{"tenant/x", 1, 6s, 10}).status.code, StateCode::would_cross);
  EXPECT_EQ(node_b().run_one(op::GcraTake{"tenant/x", 1, 6s, 10}).status.code, StateCode::would_cross);
}

TEST_F(TwoNodesTest, ConcurrentTakesNeverOverdrawOneBalanceOrOneLimit) {
  constexpr int kCredit = 150;
  constexpr int kBurst = 120;
  constexpr int kAttemptsPerThread = 200;
  ASSERT_EQ(node_a().run_one(op::Increment{"credit/acme", kCredit}).number, kCredit);
  std::atomic<int> spent{0};
  std::atomic<int> rate_taken{0};
  std::atomic<int> refused{0};
  auto spend = [&](StoreDriver& node) {
    std::vector<std::future<state::BatchResult>> answers;
    for (int i = 0; i < kAttemptsPerThread; ++i) {
      answers.push_back(node.start({op::Increment{"credit/acme", -1, 0}}));
      answers.push_back(node.start({op::GcraTake{"rate/acme", 1, 60s, kBurst}}));
    }
    for (size_t i = 0; i < answers.size(); ++i) {
      const state::BatchResult batch = answers[i].get();
      const bool credit = i % 2 == 0;
      if (batch.status.code == StateCode::ok) {
        (credit ? spent : rate_taken).fetch_add(1);
      } else if (batch.status.code == StateCode::would_cross) {
        refused.fetch_add(1);
      } else {
        ADD_FAILURE() << batch.status.to_string();
      }
    }
  };
  std::thread a(spend, std::ref(node_a()));
  std::thread b(spend, std::ref(node_b()));
  a.join();
  b.join();
  EXPECT_EQ(spent.load(), kCredit);
  EXPECT_EQ(rate_taken.load(), kBurst);
  EXPECT_EQ(refused.load(), 4 * kAttemptsPerThread - kCredit - kBurst);
  EXPECT_EQ(node_b().run_one(op::Get{"credit/acme"}).value, "0");
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
