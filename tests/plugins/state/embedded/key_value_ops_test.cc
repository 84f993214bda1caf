#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "tests/plugins/state/embedded/embedded_store_fixture.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedStoreTest;

class KeyValueOps : public EmbeddedStoreTest {
 protected:
  void SetUp() override { open(); }
};

TEST_F(KeyValueOps, GetOfAMissingKeyIsNotFound) {
  const StateResult result = run(op::Get{"idmap/none"});
  EXPECT_EQ(result.status.code, StateCode::not_found);
  EXPECT_FALSE(result.value.has_value());
}

TEST_F(KeyValueOps, SetThenGet) {
  EXPECT_EQ(run(op::Set{"idmap/1", "smsc-a:77"}).status.code, StateCode::ok);
  const StateResult result = run(op::Get{"idmap/1"});
  EXPECT_EQ(result.status.code, StateCode::ok);
  EXPECT_EQ(result.value, "smsc-a:77");
}

TEST_F(KeyValueOps, SetReplaces) {
  run(op::Set{"k", "first"});
  run(op::Set{"k", "second"});
  EXPECT_EQ(value_of("k"), "second");
}

TEST_F(KeyValueOps, KeysAndValuesAreByteStrings) {
  const std::string key("rev/\0\xff\x01", 7);
  const std::string value("\0\0\xfe binary \n", 12);
  run(op::Set{key, value});
  EXPECT_EQ(value_of(key), value);
  EXPECT_EQ(value_of(std::string("rev/", 4)), "<absent>") << "a key is not a prefix match";
  run(op::Set{"empty", ""});
  const StateResult empty = run(op::Get{"empty"});
  EXPECT_EQ(empty.status.code, StateCode::ok);
  EXPECT_EQ(empty.value, "");
}

TEST_F(KeyValueOps, LargeValue) {
  const std::string value(1 << 20, 'x');
  run(op::Set{"big", value});
  EXPECT_EQ(value_of("big"), value);
}

TEST_F(KeyValueOps, SetIfAbsent) {
  EXPECT_EQ(run(op::SetIfAbsent{"consent/1", "yes"}).status.code, StateCode::ok);
  EXPECT_EQ(run(op::SetIfAbsent{"consent/1", "no"}).status.code, StateCode::exists);
  EXPECT_EQ(value_of("consent/1"), "yes");
}

TEST_F(KeyValueOps, DeleteAnswersWhetherThereWasAnEntry) {
  run(op::Set{"k", "v"});
  const StateResult erased = run(op::Delete{"k"});
  EXPECT_EQ(erased.status.code, StateCode::ok);
  EXPECT_EQ(erased.count, 1u);
  EXPECT_EQ(value_of("k"), "<absent>");
  const StateResult again = run(op::Delete{"k"});
  EXPECT_EQ(again.status.code, StateCode::not_found);
  EXPECT_EQ(again.count, 0u);
}

TEST_F(KeyValueOps, CompareAndSet) {
  run(op::Set{"k", "1"});
  EXPECT_EQ(run(op::CompareAndSet{"k", "1", "2"}).status.code, StateCode::ok);
  EXPECT_EQ(value_of("k"), "2");

  const StateResult stale = run(op::CompareAndSet{"k", "1", "3"});
  EXPECT_EQ(stale.status.code, StateCode::mismatch);
  EXPECT_EQ(stale.value, "2") << "a mismatch answers the current value";
  EXPECT_EQ(value_of("k"), "2");
}

TEST_F(KeyValueOps, CompareAndSetOnAMissingKeyIsAMismatchWithoutValue) {
  const StateResult result = run(op::CompareAndSet{"none", "", "x"});
  EXPECT_EQ(result.status.code, StateCode::mismatch);
  EXPECT_FALSE(result.value.has_value()) << "absent is not the empty string";
  EXPECT_EQ(value_of("none"), "<absent>");
}

TEST_F(KeyValueOps, IncrementStartsFromZero) {
  const StateResult first = run(op::Increment{"credits/a", 5});
  EXPECT_EQ(first.status.code, StateCode::ok);
  EXPECT_EQ(first.number, 5);
  EXPECT_EQ(run(op::Increment{"credits/a", -2}).number, 3);
  EXPECT_EQ(value_of("credits/a"), "3") << "counters are decimal text, as in Redis";
}

TEST_F(KeyValueOps, IncrementRefusesToCrossTheFloor) {
  run(op::Set{"credits/a", "2"});
  const op::Increment spend{"credits/a", -1, 0};
  EXPECT_EQ(run(spend).number, 1);
  EXPECT_EQ(run(spend).number, 0);
  const StateResult refused = run(spend);
  EXPECT_EQ(refused.status.code, StateCode::would_cross);
  EXPECT_EQ(refused.number, 0) << "would_cross answers the unchanged value";
  EXPECT_EQ(value_of("credits/a"), "0");
}

TEST_F(KeyValueOps, IncrementRefusesToCrossTheCeiling) {
  const op::Increment count{"rate/a", 1, kNoFloor, 2};
  EXPECT_EQ(run(count).number, 1);
  EXPECT_EQ(run(count).number, 2);
  EXPECT_EQ(run(count).status.code, StateCode::would_cross);
  EXPECT_EQ(value_of("rate/a"), "2");
}

TEST_F(KeyValueOps, IncrementOnAMissingKeyBelowTheFloorCreatesNothing) {
  const StateResult refused = run(op::Increment{"credits/none", -1, 0});
  EXPECT_EQ(refused.status.code, StateCode::would_cross);
  EXPECT_EQ(refused.number, 0);
  EXPECT_EQ(value_of("credits/none"), "<absent>");
}

TEST_F(KeyValueOps, IncrementOverflowWouldCross) {
  run(op::Set{"k", std::to_string(std::numeric_limits<int64_t>::max())});
  EXPECT_EQ(run(op::Increment{"k", 1}).status.code, StateCode::would_cross);
  run(op::Set{"m", std::to_string(std::numeric_limits<int64_t>::min())});
  EXPECT_EQ(run(op::Increment{"m", -1}).status.code, StateCode::would_cross);
}

TEST_F(KeyValueOps, IncrementOfTextIsAnError) {
  for (const std::string text : {"abc", "", "12x", " 12", "99999999999999999999"}) {
    run(op::Set{"k", text});
    const StateResult result = run(op::Increment{"k"});
    EXPECT_EQ(result.status.code, StateCode::error) << '"' << text << '"';
    EXPECT_EQ(value_of("k"), text);
  }
}

// ---- expiry --------------------------------------------------------------------------------

TEST_F(KeyValueOps, AnEntryExpiresAfterItsTtl) {
  run(op::Set{"k", "v", 1000ms});
  clock_.advance(999ms);
  EXPECT_EQ(value_of("k"), "v");
  clock_.advance(1ms);
  EXPECT_EQ(run(op::Get{"k"}).status.code, StateCode::not_found);
}

TEST_F(KeyValueOps, SetWithoutTtlClearsAnEarlierExpiry) {
  run(op::Set{"k", "v", 1000ms});
  run(op::Set{"k", "w"});
  clock_.advance(24h);
  EXPECT_EQ(value_of("k"), "w");
}

TEST_F(KeyValueOps, AnExpiredEntryCountsAsAbsent) {
  run(op::Set{"k", "old", 10ms});
  clock_.advance(10ms);
  EXPECT_EQ(run(op::Delete{"k"}).status.code, StateCode::not_found);

  run(op::Set{"k", "old", 10ms});
  clock_.advance(10ms);
  EXPECT_EQ(run(op::CompareAndSet{"k", "old", "new"}).status.code, StateCode::mismatch);
  EXPECT_EQ(run(op::SetIfAbsent{"k", "fresh"}).status.code, StateCode::ok);
  EXPECT_EQ(value_of("k"), "fresh");
}

TEST_F(KeyValueOps, SetIfAbsentAndCompareAndSetApplyTheirTtl) {
  run(op::SetIfAbsent{"a", "1", 100ms});
  run(op::Set{"b", "1"});
  run(op::CompareAndSet{"b", "1", "2", 100ms});
  clock_.advance(100ms);
  EXPECT_EQ(value_of("a"), "<absent>");
  EXPECT_EQ(value_of("b"), "<absent>");
}

TEST_F(KeyValueOps, ACounterKeepsTheWindowItStartedWith) {
  const op::Increment hit{"rate/a/window", 1, kNoFloor, kNoCeiling, 1000ms};
  EXPECT_EQ(run(hit).number, 1);
  clock_.advance(600ms);
  EXPECT_EQ(run(hit).number, 2) << "a later increment does not extend the window";
  clock_.advance(400ms);
  EXPECT_EQ(value_of("rate/a/window"), "<absent>");
  EXPECT_EQ(run(hit).number, 1) << "an expired counter starts again from zero";
}

TEST_F(KeyValueOps, ExpiryHoldsAcrossARestart) {
  run(op::Set{"k", "v", 1000ms});
  reopen();
  EXPECT_EQ(value_of("k"), "v");
  clock_.advance(1000ms);
  reopen();
  EXPECT_EQ(value_of("k"), "<absent>");
}

// ---- after close ---------------------------------------------------------------------------

TEST_F(KeyValueOps, CallsAfterCloseAnswerUnavailable) {
  store_->close();
  const StateResult result = run(op::Get{"k"});
  EXPECT_EQ(result.status.code, StateCode::unavailable);
  EXPECT_THAT(result.status.message, ::testing::HasSubstr("closed"));
}

}  // namespace
}  // namespace smppd::plugins::embedded
