// SetAdd, SetRemove, SetContains, SetMembers: counts, a whole set's TTL, rollback in a batch,
// restarts and the sweep.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/plugins/state/embedded/embedded_store_fixture.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedStoreTest;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

const std::string kSet = "optout/esme-a";

class SetOps : public EmbeddedStoreTest {
 protected:
  void SetUp() override { open(); }

  uint64_t add(const std::string& member, Ttl ttl = kNoExpiry, const std::string& set = kSet) {
    const StateResult result = run(op::SetAdd{set, member, ttl});
    EXPECT_EQ(result.status.code, StateCode::ok);
    return result.count;
  }
  uint64_t contains(const std::string& member, const std::string& set = kSet) {
    const StateResult result = run(op::SetContains{set, member});
    EXPECT_EQ(result.status.code, StateCode::ok);
    return result.count;
  }
  std::vector<std::string> members(uint32_t max_items = 1000, const std::string& set = kSet) {
    const StateResult result = run(op::SetMembers{set, max_items});
    EXPECT_EQ(result.status.code, StateCode::ok);
    std::vector<std::string> values;
    for (const ListItem& item : result.items) {
      EXPECT_EQ(item.id, 0u);
      values.push_back(item.value);
    }
    return values;
  }
};

TEST_F(SetOps, AnAbsentSetIsEmpty) {
  EXPECT_EQ(contains("447700900123"), 0u);
  EXPECT_TRUE(members().empty());
  const StateResult removed = run(op::SetRemove{kSet, "447700900123"});
  EXPECT_EQ(removed.status.code, StateCode::ok);
  EXPECT_EQ(removed.count, 0u);
}

TEST_F(SetOps, AddCountsOnlyNewMembers) {
  EXPECT_EQ(add("447700900123"), 1u);
  EXPECT_EQ(add("447700900123"), 0u);
  EXPECT_EQ(add("447700900124"), 1u);
  EXPECT_EQ(contains("447700900123"), 1u);
  EXPECT_EQ(contains("447700900125"), 0u);
  EXPECT_THAT(members(), UnorderedElementsAre("447700900123", "447700900124"));
}

TEST_F(SetOps, RemoveCountsOnlyMembersThatWereThere) {
  add("a");
  add("b");
  EXPECT_EQ(run(op::SetRemove{kSet, "a"}).count, 1u);
  EXPECT_EQ(run(op::SetRemove{kSet, "a"}).count, 0u);
  EXPECT_EQ(contains("a"), 0u);
  EXPECT_THAT(members(), ElementsAre("b"));
}

TEST_F(SetOps, MembersAreByteStrings) {
  const std::string binary("\0\xff member", 9);
  add(binary);
  add("");
  EXPECT_EQ(contains(binary), 1u);
  EXPECT_EQ(contains(""), 1u);
  EXPECT_EQ(contains(std::string("\0", 1)), 0u) << "a member is not a prefix match";
  EXPECT_THAT(members(), UnorderedElementsAre(binary, ""));
}

TEST_F(SetOps, MembersAnswersUpToMaxItems) {
  for (int i = 0; i < 10; ++i) add("m" + std::to_string(i));
  EXPECT_EQ(members(3).size(), 3u);
  EXPECT_TRUE(members(0).empty());
  EXPECT_EQ(members().size(), 10u);
}

TEST_F(SetOps, SetsListsAndKeysAreSeparate) {
  // "a" is a prefix of "ab": the layout must still keep their members apart.
  add("in a", kNoExpiry, "a");
  add("in ab", kNoExpiry, "ab");
  EXPECT_THAT(members(1000, "a"), ElementsAre("in a"));
  EXPECT_THAT(members(1000, "ab"), ElementsAre("in ab"));
  EXPECT_EQ(value_of("a"), "<absent>");
  EXPECT_TRUE(run(op::ListRange{"a"}).items.empty());
  run(op::Set{"a", "a key"});
  run(op::ListAppend{"a", "an item"});
  EXPECT_THAT(members(1000, "a"), ElementsAre("in a"));
}

TEST_F(SetOps, TheTtlExpiresTheWholeSetAfterTheAddThatSetIt) {
  add("a", 1000ms);
  clock_.advance(600ms);
  add("b");  // no ttl: the set keeps its expiry
  clock_.advance(399ms);
  EXPECT_THAT(members(), UnorderedElementsAre("a", "b"));
  clock_.advance(1ms);
  EXPECT_EQ(contains("a"), 0u);
  EXPECT_EQ(contains("b"), 0u);
  EXPECT_TRUE(members().empty());
  EXPECT_EQ(run(op::SetRemove{kSet, "a"}).count, 0u);
}

TEST_F(SetOps, ALaterTtlMovesTheSetsExpiry) {
  add("a", 1000ms);
  clock_.advance(600ms);
  EXPECT_EQ(add("a", 1000ms), 0u) << "already there, but the ttl still applies";
  clock_.advance(600ms);
  EXPECT_EQ(contains("a"), 1u);
  clock_.advance(400ms);
  EXPECT_EQ(contains("a"), 0u);
}

TEST_F(SetOps, AnExpiredSetStartsAgainEmptyAndWithoutItsTtl) {
  add("old1", 100ms);
  add("old2");
  clock_.advance(100ms);
  EXPECT_EQ(add("new"), 1u);
  EXPECT_EQ(add("old1"), 1u) << "the expired members are gone";
  EXPECT_THAT(members(), UnorderedElementsAre("new", "old1"));
  clock_.advance(24h);
  EXPECT_THAT(members(), UnorderedElementsAre("new", "old1")) << "the new set does not expire";
}

TEST_F(SetOps, AnEmptiedSetForgetsItsTtl) {
  add("a", 1000ms);
  run(op::SetRemove{kSet, "a"});
  add("b");
  clock_.advance(2000ms);
  EXPECT_THAT(members(), ElementsAre("b")) << "as in Redis: an empty set is no set, and its expiry went with it";
}

TEST_F(SetOps, LaterOperationsInABatchSeeEarlierOnes) {
  const BatchResult batch = execute({op::SetAdd{kSet, "x"}, op::SetContains{kSet, "x"}, op::SetAdd{kSet, "x"},
                                     op::SetMembers{kSet}, op::SetRemove{kSet, "x"}, op::SetContains{kSet, "x"}});
  EXPECT_EQ(batch.status.code, StateCode::ok);
  ASSERT_EQ(batch.results.size(), 6u);
  EXPECT_EQ(batch.results[0].count, 1u);
  EXPECT_EQ(batch.results[1].count, 1u);
  EXPECT_EQ(batch.results[2].count, 0u);
  EXPECT_THAT(batch.results[3].items, ElementsAre(ListItem{0, "x"}));
  EXPECT_EQ(batch.results[4].count, 1u);
  EXPECT_EQ(batch.results[5].count, 0u);
}

TEST_F(SetOps, AStoppedBatchAddsNothing) {
  run(op::Set{"existing", "x"});
  const BatchResult batch = execute({op::SetAdd{kSet, "x", 1000ms}, op::SetIfAbsent{"existing", "y"}});
  EXPECT_EQ(batch.status.code, StateCode::exists);
  EXPECT_EQ(batch.results.at(0).count, 1u) << "what the add answered before the batch stopped";
  EXPECT_EQ(contains("x"), 0u);
  EXPECT_TRUE(members().empty());
  EXPECT_EQ(add("x"), 1u);
  clock_.advance(24h);
  EXPECT_EQ(contains("x"), 1u) << "nor did its ttl stay";
}

TEST_F(SetOps, AStoppedBatchRemovesNothing) {
  add("y");
  run(op::Set{"existing", "x"});
  const BatchResult batch = execute({op::SetRemove{kSet, "y"}, op::SetIfAbsent{"existing", "z"}});
  EXPECT_EQ(batch.status.code, StateCode::exists);
  EXPECT_EQ(contains("y"), 1u);
  EXPECT_EQ(run(op::SetRemove{kSet, "y"}).count, 1u) << "the count still knew y";
  EXPECT_TRUE(members().empty());
}

TEST_F(SetOps, SetsSurviveARestart) {
  add("a");
  add("b", 1000ms);
  reopen();
  EXPECT_THAT(members(), UnorderedElementsAre("a", "b"));
  clock_.advance(1000ms);
  reopen();
  EXPECT_TRUE(members().empty()) << "the ttl held across the restart";
}

TEST_F(SetOps, TheSweepDeletesExpiredSetsFromDisk) {
  for (int i = 0; i < 10; ++i) add("m" + std::to_string(i), 100ms);
  add("kept", kNoExpiry, "other");
  clock_.advance(100ms);
  reopen();  // the store sweeps when it opens
  EXPECT_EQ(entries_on_disk("set_members"), 1u);
  EXPECT_EQ(entries_on_disk("set_meta"), 1u);
}

TEST_F(SetOps, TheSweepPurgesTheOldMembersOfARestartedSet) {
  for (int i = 0; i < 10; ++i) add("m" + std::to_string(i), 100ms);
  clock_.advance(100ms);
  add("new");
  reopen();
  EXPECT_EQ(entries_on_disk("set_members"), 1u);
  open();
  EXPECT_THAT(members(), ElementsAre("new"));
  EXPECT_EQ(add("m1"), 1u);
}

TEST_F(SetOps, TheSweepForgetsARestartedSetThatWasEmptiedAgain) {
  add("old", 100ms);
  clock_.advance(100ms);
  add("new");
  run(op::SetRemove{kSet, "new"});
  reopen();
  EXPECT_EQ(entries_on_disk("set_members"), 0u);
  EXPECT_EQ(entries_on_disk("set_meta"), 0u);
}

}  // namespace
}  // namespace smppd::plugins::embedded
