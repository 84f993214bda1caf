// Lists through the C ABI on a real Redis: growing ids, ranges after an id, pops, removal by id,
// item and whole-list expiry, and namespaces that keep keys, lists and sets of one name apart.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/plugins/state/redis/redis_store_test.h"

namespace smppd::plugins::redis::testing {
namespace {

using namespace std::chrono_literals;
namespace op = state::op;
using state::ListItem;
using state::StateCode;

using ListOpsTest = RedisStoreTest;

std::vector<ListItem> items(std::initializer_list<std::pair<uint64_t, const char*>> pairs) {
  std::vector<ListItem> list;
  for (const auto& [id, value] : pairs) list.push_back(ListItem{id, value});
  return list;
}

TEST_F(ListOpsTest, AppendAnswersGrowingIdsAndRangeReadsAfterAnId) {
  for (uint64_t expected = 1; expected <= 5; ++expected) {
    const state::StateResult appended = store().run_one(op::ListAppend{"outbox", "v" + std::to_string(expected)});
    EXPECT_EQ(appended.status.code, StateCode::ok);
    EXPECT_EQ(appended.item_id, expected);
  }
  EXPECT_EQ(store().run_one(op::ListRange{"outbox"}).items,
            items({{1, "v1"}, {2, "v2"}, {3, "v3"}, {4, "v4"}, {5, "v5"}}));
  EXPECT_EQ(store().run_one(op::ListRange{"outbox", 2, 2}).items, items({{3, "v3"}, {4, "v4"}}));
  EXPECT_TRUE(store().run_one(op::ListRange{"outbox", 5}).items.empty());
  EXPECT_TRUE(store().run_one(op::ListRange{"outbox", 0, 0}).items.empty());
  EXPECT_TRUE(store().run_one(op::ListRange{"absent"}).items.empty());
}

TEST_F(ListOpsTest, PopFrontRemovesAndIdsAreNeverReused) {
  for (int i = 1; i <= 4; ++i) store().run_one(op::ListAppend{"queue", std::string(1, static_cast<char>('a' + i - 1))});
  EXPECT_EQ(store().run_one(op::ListPopFront{"queue", 3}).items, items({{1, "a"}, {2, "b"}, {3, "c"}}));
  EXPECT_EQ(store().run_one(op::ListPopFront{"queue", 3}).items, items({{4, "d"}}));
  EXPECT_TRUE(store().run_one(op::ListPopFront{"queue", 3}).items.empty());
  EXPECT_EQ(store().run_one(op::ListAppend{"queue", "e"}).item_id, 5u) << "the emptied list keeps counting";
}

TEST_F(ListOpsTest, RemoveCountsTheLiveItemsItFound) {
  for (int i = 0; i < 5; ++i) store().run_one(op::ListAppend{"acks", "m" + std::to_string(i)});
  const state::StateResult removed = store().run_one(op::ListRemove{"acks", {2, 4, 4, 99}});
  EXPECT_EQ(removed.status.code, StateCode::ok);
  EXPECT_EQ(removed.count, 2u);
  EXPECT_EQ(store().run_one(op::ListRange{"acks"}).items, items({{1, "m0"}, {3, "m2"}, {5, "m4"}}));
  EXPECT_EQ(store().run_one(op::ListRemove{"absent", {1}}).count, 0u);
}

TEST_F(ListOpsTest, AnExpiredItemIsSkippedAndGone) {
  store().run_one(op::ListAppend{"mixed", "stays"});
  store().run_one(op::ListAppend{"mixed", "fades", 400ms});
  store().run_one(op::ListAppend{"mixed", "stays too"});
  EXPECT_EQ(store().run_one(op::ListRange{"mixed"}).items.size(), 3u);
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(store().run_one(op::ListRange{"mixed"}).items, items({{1, "stays"}, {3, "stays too"}}));
  EXPECT_EQ(redis_.command({"HLEN", store_prefix() + "l:mixed:items"}).text, "2") << "the range dropped it for good";
  EXPECT_EQ(store().run_one(op::ListRemove{"mixed", {2}}).count, 0u);

  store().run_one(op::ListAppend{"fading", "x", 50ms});
  store().run_one(op::ListAppend{"fading", "y"});
  std::this_thread::sleep_for(120ms);
  EXPECT_EQ(store().run_one(op::ListPopFront{"fading", 1}).items, items({{2, "y"}}));
}

TEST_F(ListOpsTest, AListTtlExpiresTheWholeList) {
  store().run_one(op::ListAppend{"session", "a", state::kNoExpiry, 500ms});
  store().run_one(op::ListAppend{"session", "b"});
  EXPECT_EQ(store().run_one(op::ListRange{"session"}).items.size(), 2u);
  EXPECT_TRUE(eventually([&] { return store().run_one(op::ListRange{"session"}).items.empty(); }, 3s));
  EXPECT_EQ(store().run_one(op::ListAppend{"session", "c"}).item_id, 1u) << "an expired list starts again";
}

TEST_F(ListOpsTest, AKeyAListAndASetOfOneNameNeverMeet) {
  ASSERT_EQ(store().run_one(op::Set{"name", "value"}).status.code, StateCode::ok);
  ASSERT_EQ(store().run_one(op::ListAppend{"name", "item"}).item_id, 1u);
  ASSERT_EQ(store().run_one(op::SetAdd{"name", "member"}).count, 1u);
  ASSERT_EQ(store().run_one(op::ListAppend{"name:items", "other"}).item_id, 1u);
  EXPECT_EQ(store().run_one(op::Get{"name"}).value, "value");
  EXPECT_EQ(store().run_one(op::ListRange{"name"}).items, items({{1, "item"}}));
  EXPECT_EQ(store().run_one(op::SetMembers{"name"}).items, (std::vector<ListItem>{{0, "member"}}));
}

TEST_F(ListOpsTest, BinaryItemsRoundTrip) {
  const std::string value("\0:1:\xff\r\n", 7);
  ASSERT_EQ(store().run_one(op::ListAppend{"bin", value}).item_id, 1u);
  const std::vector<ListItem> read = store().run_one(op::ListRange{"bin"}).items;
  ASSERT_EQ(read.size(), 1u);
  EXPECT_TRUE(read[0].value == value);
}

TEST_F(ListOpsTest, ALongListIsReadInChunks) {
  std::vector<state::StateOp> appends;
  for (int i = 0; i < 256; ++i) appends.push_back(op::ListAppend{"long", std::to_string(i), i % 2 == 0 ? 1ms : state::kNoExpiry});
  ASSERT_EQ(store().run(appends).status.code, StateCode::ok);
  appends.clear();
  for (int i = 256; i < 700; ++i) appends.push_back(op::ListAppend{"long", std::to_string(i)});
  for (size_t first = 0; first < appends.size(); first += 200) {
    const std::vector<state::StateOp> part(appends.begin() + static_cast<std::ptrdiff_t>(first),
                                           appends.begin() + static_cast<std::ptrdiff_t>(std::min(first + 200, appends.size())));
    ASSERT_EQ(store().run(part).status.code, StateCode::ok);
  }
  std::this_thread::sleep_for(20ms);
  const std::vector<ListItem> read = store().run_one(op::ListRange{"long", 0, 1000}).items;
  ASSERT_EQ(read.size(), 128u + 444u);
  EXPECT_EQ(read.front(), (ListItem{2, "1"}));
  EXPECT_EQ(read.back(), (ListItem{700, "699"}));
  EXPECT_EQ(store().run_one(op::ListPopFront{"long", 600}).items.size(), 572u);
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
