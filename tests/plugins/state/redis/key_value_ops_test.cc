// Keys and values through the C ABI on a real Redis: what each operation answers, binary values,
// expiry, and batches that are atomic (a later operation sees an earlier one's write; a stopped
// batch writes nothing).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/plugins/state/redis/redis_store_test.h"

namespace smppd::plugins::redis::testing {
namespace {

using namespace std::chrono_literals;
namespace op = state::op;
using state::StateCode;

using KeyValueOpsTest = RedisStoreTest;

TEST_F(KeyValueOpsTest, GetSetDelete) {
  EXPECT_EQ(store().run_one(op::Get{"a"}).status.code, StateCode::not_found);
  EXPECT_EQ(store().run_one(op::Set{"a", "one"}).status.code, StateCode::ok);
  const state::StateResult got = store().run_one(op::Get{"a"});
  EXPECT_EQ(got.status.code, StateCode::ok);
  EXPECT_EQ(got.value, "one");

  const state::StateResult deleted = store().run_one(op::Delete{"a"});
  EXPECT_EQ(deleted.status.code, StateCode::ok);
  EXPECT_EQ(deleted.count, 1u);
  const state::StateResult again = store().run_one(op::Delete{"a"});
  EXPECT_EQ(again.status.code, StateCode::not_found);
  EXPECT_EQ(again.count, 0u);
  EXPECT_FALSE(store().run_one(op::Get{"a"}).value.has_value());
}

TEST_F(KeyValueOpsTest, ValuesAndKeysAreBinarySafe) {
  const std::string key("k\0\xff:k:", 6);
  std::string value("\0\r\n\xff\x80 end", 9);
  for (int i = 0; i < 20; ++i) value += value;  // 9 MiB
  ASSERT_EQ(store().run_one(op::Set{key, value}).status.code, StateCode::ok);
  const state::StateResult got = store().run_one(op::Get{key});
  ASSERT_TRUE(got.value.has_value());
  EXPECT_EQ(got.value->size(), value.size());
  EXPECT_TRUE(*got.value == value);
  EXPECT_EQ(store().run_one(op::Set{"empty", ""}).status.code, StateCode::ok);
  EXPECT_EQ(store().run_one(op::Get{"empty"}).value, "");
}

TEST_F(KeyValueOpsTest, SetIfAbsentWritesOnlyWhereNothingIs) {
  EXPECT_EQ(store().run_one(op::SetIfAbsent{"lock", "node-a"}).status.code, StateCode::ok);
  EXPECT_EQ(store().run_one(op::SetIfAbsent{"lock", "node-b"}).status.code, StateCode::exists);
  EXPECT_EQ(store().run_one(op::Get{"lock"}).value, "node-a");
}

TEST_F(KeyValueOpsTest, CompareAndSetAnswersTheCurrentValueOnMismatch) {
  const state::StateResult absent = store().run_one(op::CompareAndSet{"cas", "x", "y"});
  EXPECT_EQ(absent.status.code, StateCode::mismatch);
  EXPECT_FALSE(absent.value.has_value());
  ASSERT_EQ(store().run_one(op::Set{"cas", "v1"}).status.code, StateCode::ok);
  const state::StateResult other = store().run_one(op::CompareAndSet{"cas", "v0", "v2"});
  EXPECT_EQ(other.status.code, StateCode::mismatch);
  EXPECT_EQ(other.value, "v1");
  EXPECT_EQ(store().run_one(op::CompareAndSet{"cas", "v1", "v2"}).status.code, StateCode::ok);
  EXPECT_EQ(store().run_one(op::Get{"cas"}).value, "v2");
}

TEST_F(KeyValueOpsTest, IncrementStaysWithinFloorAndCeiling) {
  const state::StateResult first = store().run_one(op::Increment{"credit", 10});
  EXPECT_EQ(first.status.code, StateCode::ok);
  EXPECT_EQ(first.number, 10);
  const state::StateResult spend = store().run_one(op::Increment{"credit", -7, 0});
  EXPECT_EQ(spend.number, 3);
  const state::StateResult overdraw = store().run_one(op::Increment{"credit", -4, 0});
  EXPECT_EQ(overdraw.status.code, StateCode::would_cross);
  EXPECT_EQ(overdraw.number, 3) << "would_cross carries the unchanged current value";
  const state::StateResult over_ceiling = store().run_one(op::Increment{"credit", 8, state::kNoFloor, 10});
  EXPECT_EQ(over_ceiling.status.code, StateCode::would_cross);
  EXPECT_EQ(store().run_one(op::Get{"credit"}).value, "3") << "stored as decimal text, as INCRBY keeps it";

  const state::StateResult big = store().run_one(op::Increment{"big", 5'000'000'000'000'000'001});
  EXPECT_EQ(big.number, 5'000'000'000'000'000'001) << "numbers above 2^53 come back exact";
  EXPECT_EQ(store().run_one(op::Increment{"big", 5'000'000'000'000'000'001}).status.code, StateCode::would_cross)
      << "a sum beyond int64 crosses instead of failing";
}

TEST_F(KeyValueOpsTest, IncrementOfTextIsAnError) {
  ASSERT_EQ(store().run_one(op::Set{"text", "12abc"}).status.code, StateCode::ok);
  const state::BatchResult batch = store().run({op::Increment{"text", 1}});
  EXPECT_EQ(batch.status.code, StateCode::error);
  EXPECT_NE(batch.status.message.find("not an integer"), std::string::npos) << batch.status.message;
}

TEST_F(KeyValueOpsTest, TtlsExpireAndIncrementKeepsTheWindowItStartedWith) {
  ASSERT_EQ(store().run_one(op::Set{"short", "v", 500ms}).status.code, StateCode::ok);
  ASSERT_EQ(store().run_one(op::Increment{"window", 1, state::kNoFloor, state::kNoCeiling, 300ms}).number, 1);
  ASSERT_EQ(store().run_one(op::Increment{"window", 1, state::kNoFloor, state::kNoCeiling, 60s}).number, 2);
  EXPECT_EQ(store().run_one(op::Get{"short"}).value, "v");
  EXPECT_TRUE(eventually([&] { return store().run_one(op::Get{"short"}).status.code == StateCode::not_found; }, 3s));
  EXPECT_TRUE(eventually([&] { return store().run_one(op::Get{"window"}).status.code == StateCode::not_found; }, 3s))
      << "the second increment must not have extended the window";
  ASSERT_EQ(store().run_one(op::Set{"short", "w", 100ms}).status.code, StateCode::ok);
  ASSERT_EQ(store().run_one(op::Set{"short", "forever"}).status.code, StateCode::ok);
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(store().run_one(op::Get{"short"}).value, "forever") << "a SET without TTL drops the old expiry";
}

TEST_F(KeyValueOpsTest, ALaterOperationSeesAnEarlierOnesWrite) {
  const state::BatchResult batch = store().run({op::Set{"x", "1"}, op::Get{"x"}, op::Increment{"x", 5},
                                                op::CompareAndSet{"x", "6", "seven"}, op::Get{"x"}, op::Delete{"x"},
                                                op::Get{"x"}, op::SetIfAbsent{"x", "again"}});
  ASSERT_EQ(batch.status.code, StateCode::ok) << batch.status.to_string();
  EXPECT_EQ(batch.results[1].value, "1");
  EXPECT_EQ(batch.results[2].number, 6);
  EXPECT_EQ(batch.results[3].status.code, StateCode::ok);
  EXPECT_EQ(batch.results[4].value, "seven");
  EXPECT_EQ(batch.results[5].count, 1u);
  EXPECT_EQ(batch.results[6].status.code, StateCode::not_found) << "not_found does not stop a batch";
  EXPECT_EQ(batch.results[7].status.code, StateCode::ok);
  EXPECT_EQ(store().run_one(op::Get{"x"}).value, "again");
}

TEST_F(KeyValueOpsTest, AStoppedBatchWritesNothing) {
  ASSERT_EQ(store().run_one(op::Set{"existing", "old"}).status.code, StateCode::ok);
  ASSERT_EQ(store().run_one(op::Increment{"balance", 5}).number, 5);
  const state::BatchResult batch =
      store().run({op::Set{"a", "written?"}, op::Increment{"balance", -2, 0}, op::ListAppend{"outbox", "item"},
                   op::SetAdd{"members", "m"}, op::Get{"a"}, op::SetIfAbsent{"existing", "new"}, op::Set{"b", "after"},
                   op::Publish{"channel", "never"}});
  EXPECT_EQ(batch.status.code, StateCode::exists);
  ASSERT_EQ(batch.results.size(), 8u);
  EXPECT_EQ(batch.results[0].status.code, StateCode::ok);
  EXPECT_EQ(batch.results[1].number, 3) << "what the operation saw before the stop";
  EXPECT_EQ(batch.results[4].value, "written?");
  EXPECT_EQ(batch.results[5].status.code, StateCode::exists);
  EXPECT_EQ(batch.results[6].status.code, StateCode::aborted);
  EXPECT_EQ(batch.results[7].status.code, StateCode::aborted);

  EXPECT_EQ(store().run_one(op::Get{"a"}).status.code, StateCode::not_found);
  EXPECT_EQ(store().run_one(op::Get{"b"}).status.code, StateCode::not_found);
  EXPECT_EQ(store().run_one(op::Get{"balance"}).value, "5");
  EXPECT_EQ(store().run_one(op::Get{"existing"}).value, "old");
  EXPECT_TRUE(store().run_one(op::ListRange{"outbox"}).items.empty());
  EXPECT_EQ(store().run_one(op::SetContains{"members", "m"}).count, 0u);
}

TEST_F(KeyValueOpsTest, EachStoppingAnswerStopsTheBatch) {
  ASSERT_EQ(store().run_one(op::Set{"k", "v"}).status.code, StateCode::ok);
  const std::vector<std::pair<state::StateOp, StateCode>> stoppers = {
      {op::SetIfAbsent{"k", "w"}, StateCode::exists},
      {op::CompareAndSet{"k", "nope", "w"}, StateCode::mismatch},
      {op::Increment{"n", -1, 0}, StateCode::would_cross},
      {op::GcraTake{"limit", 2, 1s, 1}, StateCode::would_cross},
  };
  for (const auto& [stopper, code] : stoppers) {
    const state::BatchResult batch = store().run({op::Set{"side", "effect"}, stopper, op::Set{"after", "x"}});
    EXPECT_EQ(batch.status.code, code);
    EXPECT_EQ(batch.results[1].status.code, code);
    EXPECT_EQ(batch.results[2].status.code, StateCode::aborted);
    EXPECT_EQ(store().run_one(op::Get{"side"}).status.code, StateCode::not_found);
  }
}

TEST_F(KeyValueOpsTest, KeysLiveUnderTheConfiguredPrefix) {
  StoreDriver prefixed(store_config(redis_.port(), {}, "deploy-x:"));
  ASSERT_EQ(prefixed.open_result(), SMPPD_OK) << prefixed.open_error();
  ASSERT_EQ(prefixed.run_one(op::Set{"key", "v"}).status.code, StateCode::ok);
  EXPECT_EQ(redis_.command({"GET", "deploy-x:k:key"}).text, "v");
  EXPECT_EQ(store().run_one(op::Get{"key"}).status.code, StateCode::not_found) << "another prefix, another store";
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
