#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/plugins/state/embedded/embedded_store_fixture.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedStoreTest;
using ::testing::ElementsAre;

const std::string kOutbox = "outbox/esme-a/receipts";

class ListOps : public EmbeddedStoreTest {
 protected:
  void SetUp() override { open(); }

  uint64_t append(const std::string& value, Ttl item_ttl = kNoExpiry, Ttl list_ttl = kNoExpiry,
                  const std::string& list = kOutbox) {
    const StateResult result =
        run(op::ListAppend{list, value, item_ttl, list_ttl});
    EXPECT_EQ(result.status.code, StateCode::ok);
    return result.item_id;
  }

  std::vector<ListItem> range(uint64_t after_id = 0, uint32_t max_items = 100, const std::string& list = kOutbox) {
    const StateResult result = run(op::ListRange{list, after_id, max_items});
    EXPECT_EQ(result.status.code, StateCode::ok);
    return result.items;
  }
};

TEST_F(ListOps, AnAbsentListIsEmpty) {
  EXPECT_TRUE(range().empty());
  const StateResult popped = run(op::ListPopFront{"none", 5});
  EXPECT_EQ(popped.status.code, StateCode::ok);
  EXPECT_TRUE(popped.items.empty());
  const StateResult removed = run(op::ListRemove{"none", {1, 2}});
  EXPECT_EQ(removed.status.code, StateCode::ok);
  EXPECT_EQ(removed.count, 0u);
}

TEST_F(ListOps, AppendAnswersGrowingIdsAndRangeKeepsOrder) {
  EXPECT_EQ(append("r1"), 1u);
  EXPECT_EQ(append("r2"), 2u);
  EXPECT_EQ(append("r3"), 3u);
  EXPECT_THAT(range(), ElementsAre(ListItem{1, "r1"}, ListItem{2, "r2"}, ListItem{3, "r3"}));
}

TEST_F(ListOps, RangeIsACursor) {
  for (int i = 1; i <= 5; ++i) append("r" + std::to_string(i));
  EXPECT_THAT(range(0, 2), ElementsAre(ListItem{1, "r1"}, ListItem{2, "r2"}));
  EXPECT_THAT(range(2, 2), ElementsAre(ListItem{3, "r3"}, ListItem{4, "r4"}));
  EXPECT_THAT(range(4, 2), ElementsAre(ListItem{5, "r5"}));
  EXPECT_TRUE(range(5, 2).empty());
  EXPECT_TRUE(range(0, 0).empty());
  EXPECT_TRUE(range(std::numeric_limits<uint64_t>::max()).empty());
  EXPECT_EQ(range().size(), 5u) << "range does not remove";
}

TEST_F(ListOps, ListsAreSeparate) {
  // "a" is a prefix of "ab": the layout must still keep their items apart.
  append("in a", kNoExpiry, kNoExpiry, "a");
  append("in ab", kNoExpiry, kNoExpiry, "ab");
  append(std::string("in a\0b", 6), kNoExpiry, kNoExpiry, std::string("a\0b", 3));
  EXPECT_THAT(range(0, 100, "a"), ElementsAre(ListItem{1, "in a"}));
  EXPECT_THAT(range(0, 100, "ab"), ElementsAre(ListItem{1, "in ab"}));
  EXPECT_THAT(range(0, 100, std::string("a\0b", 3)), ElementsAre(ListItem{1, std::string("in a\0b", 6)}));
  run(op::Set{"a", "a key, not a list"});
  EXPECT_EQ(range(0, 100, "a").size(), 1u) << "keys and lists do not collide";
}

TEST_F(ListOps, PopFrontRemovesFromTheFront) {
  for (int i = 1; i <= 5; ++i) append("r" + std::to_string(i));
  const StateResult popped = run(op::ListPopFront{kOutbox, 2});
  EXPECT_EQ(popped.status.code, StateCode::ok);
  EXPECT_THAT(popped.items, ElementsAre(ListItem{1, "r1"}, ListItem{2, "r2"}));
  EXPECT_THAT(run(op::ListPopFront{kOutbox, 10}).items,
              ElementsAre(ListItem{3, "r3"}, ListItem{4, "r4"}, ListItem{5, "r5"}));
  EXPECT_TRUE(run(op::ListPopFront{kOutbox, 10}).items.empty());
  EXPECT_EQ(append("r6"), 6u) << "ids are not reused after the list drained";
}

TEST_F(ListOps, RemoveDrainsAcknowledgedItems) {
  for (int i = 1; i <= 5; ++i) append("r" + std::to_string(i));
  // Delivered 2 and 4; 9 was never there, 2 is named twice.
  const StateResult removed = run(op::ListRemove{kOutbox, {2, 4, 9, 2}});
  EXPECT_EQ(removed.status.code, StateCode::ok);
  EXPECT_EQ(removed.count, 2u);
  EXPECT_THAT(range(), ElementsAre(ListItem{1, "r1"}, ListItem{3, "r3"}, ListItem{5, "r5"}));
  EXPECT_EQ(run(op::ListRemove{kOutbox, {2}}).count, 0u);
}

TEST_F(ListOps, TheOutboxDrainLoop) {
  for (int i = 1; i <= 250; ++i) append("r" + std::to_string(i));
  uint64_t cursor = 0;
  size_t delivered = 0;
  for (;;) {
    const std::vector<ListItem> window = range(cursor, 64);
    if (window.empty()) break;
    std::vector<uint64_t> acknowledged;
    for (const ListItem& item : window) acknowledged.push_back(item.id);
    EXPECT_EQ(run(op::ListRemove{kOutbox, acknowledged}).count, window.size());
    delivered += window.size();
    cursor = window.back().id;
  }
  EXPECT_EQ(delivered, 250u);
  EXPECT_TRUE(range().empty());
}

TEST_F(ListOps, AnItemExpiresAlone) {
  append("short", 100ms);
  append("long");
  clock_.advance(100ms);
  EXPECT_THAT(range(), ElementsAre(ListItem{2, "long"}));
  EXPECT_THAT(run(op::ListPopFront{kOutbox, 5}).items, ElementsAre(ListItem{2, "long"}));
  EXPECT_EQ(run(op::ListRemove{kOutbox, {1}}).count, 0u) << "an expired item is not removed again";
}

TEST_F(ListOps, ListTtlExpiresTheWholeListAfterTheLastAppend) {
  append("r1", kNoExpiry, 1000ms);
  clock_.advance(600ms);
  append("r2", kNoExpiry, 1000ms);
  clock_.advance(600ms);
  EXPECT_EQ(range().size(), 2u) << "the second append moved the list's expiry";
  clock_.advance(400ms);
  EXPECT_TRUE(range().empty());
  EXPECT_TRUE(run(op::ListPopFront{kOutbox, 5}).items.empty());
}

TEST_F(ListOps, AnAppendWithoutListTtlKeepsTheListsExpiry) {
  append("r1", kNoExpiry, 1000ms);
  append("r2");
  clock_.advance(1000ms);
  EXPECT_TRUE(range().empty());
}

TEST_F(ListOps, AnExpiredListStartsAgainAboveItsOldIds) {
  append("old1", kNoExpiry, 100ms);
  append("old2", kNoExpiry, 100ms);
  clock_.advance(100ms);
  EXPECT_EQ(append("new"), 3u) << "ids are not reused";
  EXPECT_THAT(range(), ElementsAre(ListItem{3, "new"}));
  EXPECT_EQ(run(op::ListRemove{kOutbox, {1, 2}}).count, 0u);
}

TEST_F(ListOps, ListsAndIdsSurviveARestart) {
  append("r1");
  append("r2");
  reopen();
  EXPECT_THAT(range(), ElementsAre(ListItem{1, "r1"}, ListItem{2, "r2"}));
  EXPECT_EQ(append("r3"), 3u);
}

TEST_F(ListOps, TheSweepDeletesExpiredListsFromDisk) {
  for (int i = 0; i < 10; ++i) append("r", kNoExpiry, 100ms);
  append("kept", kNoExpiry, kNoExpiry, "other");
  clock_.advance(100ms);
  reopen();  // the store sweeps when it opens
  EXPECT_EQ(entries_on_disk("list_items"), 1u);
  EXPECT_EQ(entries_on_disk("list_meta"), 1u);
}

TEST_F(ListOps, TheSweepPurgesTheOldItemsOfARestartedList) {
  for (int i = 0; i < 10; ++i) append("old", kNoExpiry, 100ms);
  clock_.advance(100ms);
  append("new");
  reopen();
  EXPECT_EQ(entries_on_disk("list_items"), 1u);
  open();
  EXPECT_EQ(append("newer"), 12u);
  EXPECT_EQ(range().size(), 2u);
}

TEST_F(ListOps, TheSweepRunsPeriodically) {
  close();
  open([](EmbeddedStateStoreOptions& options) { options.sweep_interval = 5ms; });
  for (int i = 0; i < 10; ++i) append("r", kNoExpiry, 100ms);
  clock_.advance(100ms);
  // The sweep at open came before the expiry, and closing does not sweep: only the periodic
  // sweep can have removed these.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(entries_on_disk("list_items"), 0u);
  EXPECT_EQ(entries_on_disk("list_meta"), 0u);
}

}  // namespace
}  // namespace smppd::plugins::embedded
