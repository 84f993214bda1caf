// The connection's life through the C ABI: Redis killed and restarted, a node started while Redis
// is down, a refused password, batches beyond max_pending, a batch Redis does not answer in time,
// and close() with batches in flight.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/plugins/state/redis/redis_store_test.h"
#include "tests/support/smppd_process.h"

namespace smppd::plugins::redis::testing {
namespace {

using namespace std::chrono_literals;
namespace op = state::op;
using state::StateCode;
using Clock = std::chrono::steady_clock;

using ConnectionTest = RedisStoreTest;

TEST_F(ConnectionTest, KilledRedisAnswersUnavailableQuicklyAndRecoversByItself) {
  ASSERT_EQ(store().run_one(op::Set{"k", "v"}).status.code, StateCode::ok);
  const int64_t reconnects = TestStateHost::instance().metric("reconnects");
  redis_.kill();
  ASSERT_TRUE(store().wait_available(false, 2s)) << "the broken connection is noticed at once";
  EXPECT_EQ(TestStateHost::instance().metric("connected"), 0);
  const auto before = Clock::now();
  const state::BatchResult refused = store().run({op::Get{"k"}, op::Set{"k", "w"}});
  EXPECT_LT(Clock::now() - before, 100ms);
  EXPECT_EQ(refused.status.code, StateCode::unavailable);
  EXPECT_NE(refused.status.message.find(redis_.address()), std::string::npos) << refused.status.message;
  EXPECT_EQ(refused.results[1].status.code, StateCode::unavailable);
  EXPECT_TRUE(TestStateHost::instance().logged("disconnected: redis at " + redis_.address()));

  std::string error;
  ASSERT_TRUE(redis_.start(&error)) << error;
  ASSERT_TRUE(store().wait_available(true, 10s)) << "reconnects with backoff, no help needed";
  EXPECT_EQ(store().run_one(op::Set{"k", "after"}).status.code, StateCode::ok);
  EXPECT_GT(TestStateHost::instance().metric("reconnects"), reconnects);
}

TEST_F(ConnectionTest, BatchesInFlightWhenTheConnectionBreaksEndUnavailable) {
  // CLIENT PAUSE holds the answers; killing Redis then breaks the connection under them.
  ASSERT_EQ(redis_.command({"CLIENT", "PAUSE", "5000", "ALL"}).text, "OK");
  std::vector<std::future<state::BatchResult>> answers;
  for (int i = 0; i < 50; ++i) answers.push_back(store().start({op::Increment{"n", 1}}));
  std::this_thread::sleep_for(50ms);
  redis_.kill();
  for (auto& answer : answers) {
    ASSERT_EQ(answer.wait_for(2s), std::future_status::ready);
    EXPECT_EQ(answer.get().status.code, StateCode::unavailable);
  }
}

TEST_F(ConnectionTest, ANodeStartsWhileRedisIsDown) {
  smppd::testing::RedisServer later;  // a port nobody listens on yet
  StoreDriver starting(store_config(later.port()));
  ASSERT_EQ(starting.open_result(), SMPPD_OK) << "a node must start while Redis is briefly away";
  EXPECT_FALSE(starting.available());
  EXPECT_EQ(starting.run_one(op::Get{"k"}).status.code, StateCode::unavailable);
  EXPECT_TRUE(TestStateHost::instance().logged("starting without redis at " + later.address()));
  std::string error;
  ASSERT_TRUE(later.start(&error)) << error;
  ASSERT_TRUE(starting.wait_available(true, 10s));
  EXPECT_EQ(starting.run_one(op::Set{"k", "v"}).status.code, StateCode::ok);
}

TEST(ConnectionPasswordTest, AWrongPasswordIsAClearError) {
  smppd::testing::RedisServer redis(smppd::testing::RedisServer::Options{"s3cret", {}});
  std::string error;
  ASSERT_TRUE(redis.start(&error)) << error;

  StoreDriver wrong(store_config(redis.port(), "\"password\": \"guess\""));
  EXPECT_EQ(wrong.open_result(), SMPPD_E_CONFIG);
  EXPECT_NE(wrong.open_error().find("redis at " + redis.address()), std::string::npos) << wrong.open_error();
  EXPECT_NE(wrong.open_error().find("refused AUTH: WRONGPASS"), std::string::npos) << wrong.open_error();
  EXPECT_EQ(wrong.open_error().find("guess"), std::string::npos) << "never the password itself";

  StoreDriver none(store_config(redis.port()));
  EXPECT_EQ(none.open_result(), SMPPD_E_CONFIG);
  EXPECT_NE(none.open_error().find("NOAUTH"), std::string::npos) << none.open_error();

  StoreDriver right(store_config(redis.port(), "\"password\": \"s3cret\", \"database\": 3"));
  ASSERT_EQ(right.open_result(), SMPPD_OK) << right.open_error();
  ASSERT_EQ(right.run_one(op::Set{"in-db-3", "v"}).status.code, StateCode::ok);
  EXPECT_EQ(redis.command({"DBSIZE"}).text, "0") << "the key went to database 3";

  StoreDriver bad_database(store_config(redis.port(), "\"password\": \"s3cret\", \"database\": 99"));
  EXPECT_EQ(bad_database.open_result(), SMPPD_E_CONFIG);
  EXPECT_NE(bad_database.open_error().find("refused SELECT"), std::string::npos) << bad_database.open_error();
}

TEST(ConnectionConfigTest, ABadConfigNamesTheKey) {
  StoreDriver bad(R"({"address": "no-port"})");
  EXPECT_EQ(bad.open_result(), SMPPD_E_CONFIG);
  EXPECT_NE(bad.open_error().find("address"), std::string::npos) << bad.open_error();
}

TEST_F(ConnectionTest, BeyondMaxPendingBatchesAreRefusedBusy) {
  StoreDriver small(store_config(redis_.port(), "\"max_pending\": 10, \"command_timeout_ms\": 5000"));
  ASSERT_EQ(small.open_result(), SMPPD_OK) << small.open_error();
  ASSERT_EQ(redis_.command({"CLIENT", "PAUSE", "300", "ALL"}).text, "OK");
  std::vector<std::future<state::BatchResult>> answers;
  for (int i = 0; i < 15; ++i) answers.push_back(small.start({op::Increment{"n", 1}}));
  int ok = 0;
  int busy = 0;
  for (auto& answer : answers) {
    const StateCode code = answer.get().status.code;
    ok += code == StateCode::ok ? 1 : 0;
    busy += code == StateCode::busy ? 1 : 0;
  }
  EXPECT_EQ(ok, 10);
  EXPECT_EQ(busy, 5);
  EXPECT_EQ(small.run_one(op::Get{"n"}).value, "10");
}

TEST_F(ConnectionTest, ABatchUnansweredInTimeEndsUnavailableAndTheConnectionIsRedone) {
  StoreDriver impatient(store_config(redis_.port(), "\"command_timeout_ms\": 200"));
  ASSERT_EQ(impatient.open_result(), SMPPD_OK) << impatient.open_error();
  const int64_t timeouts = TestStateHost::instance().metric("timeouts");
  ASSERT_EQ(redis_.command({"CLIENT", "PAUSE", "1000", "ALL"}).text, "OK");
  const auto before = Clock::now();
  const state::BatchResult late = impatient.run({op::Increment{"n", 1}});
  EXPECT_EQ(late.status.code, StateCode::unavailable);
  EXPECT_LT(Clock::now() - before, 800ms);
  EXPECT_NE(late.status.message.find("may still have been applied"), std::string::npos) << late.status.message;
  EXPECT_EQ(TestStateHost::instance().metric("timeouts"), timeouts + 1);
  ASSERT_TRUE(impatient.wait_available(true, 10s));
  EXPECT_TRUE(eventually([&] { return impatient.run_one(op::Get{"n"}).status.code != StateCode::unavailable; }, 5s));
}

TEST_F(ConnectionTest, ARedisThatStopsAnsweringIsNoticedWithoutTraffic) {
  StoreDriver idle(store_config(redis_.port(), "\"command_timeout_ms\": 200"));
  ASSERT_EQ(idle.open_result(), SMPPD_OK) << idle.open_error();
  ASSERT_EQ(redis_.command({"CLIENT", "PAUSE", "1500", "ALL"}).text, "OK");
  EXPECT_TRUE(idle.wait_available(false, 1500ms)) << "an unanswered PING resets the connection";
  EXPECT_TRUE(idle.wait_available(true, 10s));
}

TEST_F(ConnectionTest, CloseAnswersEveryBatchExactlyOnce) {
  std::atomic<int> answered{0};
  for (int i = 0; i < 2000; ++i) {
    store().start({op::Increment{"closing", 1}}, [&](const state::BatchResult&) { answered.fetch_add(1); });
  }
  store().close();  // checks each completion ran exactly once
  EXPECT_EQ(answered.load(), 2000);
  EXPECT_EQ(TestStateHost::instance().metric("pending"), 0);
}

TEST_F(ConnectionTest, CountsWhatItDoes) {
  const int64_t batches = TestStateHost::instance().metric("batches");
  const int64_t round_trips = TestStateHost::instance().metric("round_trips");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(store().run({op::Set{"a", "1"}, op::Get{"a"}}).status.code, StateCode::ok);
  EXPECT_EQ(TestStateHost::instance().metric("batches"), batches + 5) << "one command per batch";
  EXPECT_EQ(TestStateHost::instance().metric("round_trips"), round_trips + 5);
  EXPECT_EQ(TestStateHost::instance().metric("connected"), 1);
}

TEST_F(ConnectionTest, ScriptFlushIsSurvived) {
  ASSERT_EQ(redis_.command({"SCRIPT", "FLUSH"}).text, "OK");
  EXPECT_EQ(store().run_one(op::Set{"after-flush", "v"}).status.code, StateCode::ok);
  EXPECT_EQ(store().run_one(op::Get{"after-flush"}).value, "v");
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
