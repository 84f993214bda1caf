// A receipt that comes after the upstream accepted its message but before smppd recorded it (the
// client's resp is on its way): it waits in memory for the record, never reads the store, and is
// never sent to the client before the record; one whose record never comes is looked up as an
// unknown receipt after the hold. And memory's bookkeeping stays bounded by what it holds.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "host/codec/command_status.h"
#include "tests/host/receipts/receipt_tracker_fixture.h"

namespace smppd::receipts {
namespace {

using namespace std::chrono_literals;
using testing::run_until;

class ReceiptWaitTest : public testing::ReceiptTrackerTest {
 protected:
  ReceiptTracker& tracker(size_t memory_entries = 1'000'000) {
    ReceiptTracker::Settings settings;
    settings.orphan_hold = 100ms;
    settings.memory_entries = memory_entries;
    return ReceiptTrackerTest::tracker(settings);
  }
};

TEST_F(ReceiptWaitTest, AReceiptForAnAcceptedMessageWaitsInMemoryForItsRecordWithoutReadingTheStore) {
  ReceiptTracker& receipts = tracker();
  receipts.expect("smsc", "C1");
  std::optional<uint32_t> answer;
  send_receipt("C1", answer);
  io_.restart();
  io_.run_for(50ms);
  EXPECT_FALSE(answer) << "answered before the client's resp was written";
  EXPECT_EQ(store_ops<state::op::ListAppend>(), 0u) << "sent on before its record";

  receipts.record("smsc", "C1", Correlation{"smppd-1", "acme"}, io_.get_executor());
  ASSERT_TRUE(run_until(io_, [&] { return answer.has_value(); }));
  EXPECT_EQ(*answer, codec::status::kOk);
  EXPECT_EQ(store_ops<state::op::ListAppend>(), 1u) << "into the client's outbox, with smppd's id";
  EXPECT_EQ(store_ops<state::op::Get>(), 0u) << "a receipt for a message in memory needs no lookup";
}

TEST_F(ReceiptWaitTest, AReceiptWhoseRecordNeverComesIsLookedUpAfterTheHold) {
  ReceiptTracker& receipts = tracker();
  receipts.start(io_.get_executor());
  receipts.expect("smsc", "C2");
  const auto sent = std::chrono::steady_clock::now();
  EXPECT_EQ(answer_to("C2"), codec::status::kOk) << "unknown after its hold, and acknowledged";
  EXPECT_GE(std::chrono::steady_clock::now() - sent, 100ms) << "it waited for the record first";
  EXPECT_GE(store_ops<state::op::Get>(), 1u);
}

TEST_F(ReceiptWaitTest, AReceiptRecordedAlreadyIsMatchedAtOnce) {
  ReceiptTracker& receipts = tracker();
  receipts.expect("smsc", "C3");
  receipts.record("smsc", "C3", Correlation{"smppd-3", "acme"}, io_.get_executor());
  EXPECT_EQ(answer_to("C3"), codec::status::kOk);
  EXPECT_EQ(store_ops<state::op::Get>(), 0u);
}

TEST_F(ReceiptWaitTest, MessagesForgottenAfterTheirFinalReceiptLeaveNoKeyBehind) {
  ReceiptTracker& receipts = tracker();
  constexpr int kMessages = 2000;
  std::vector<std::optional<uint32_t>> answers(kMessages);
  for (int i = 0; i < kMessages; ++i) {
    const std::string id = "D" + std::to_string(i);
    receipts.expect("smsc", id);
    receipts.record("smsc", id, Correlation{"smppd-" + std::to_string(i), "acme"}, io_.get_executor());
    send_receipt(id, answers[i]);
  }
  ASSERT_TRUE(run_until(io_, [&] {
    for (const auto& answer : answers) {
      if (!answer) return false;
    }
    return true;
  }));
  // Each shard may keep a few forgotten keys until its next compaction: far fewer than the messages.
  EXPECT_LT(receipts.remembered_keys(), 16u * 40u);
}

TEST_F(ReceiptWaitTest, AReceiptWaitingOnAnEvictedMessageIsLookedUpInstead) {
  ReceiptTracker& receipts = tracker(16);  // one entry per shard
  receipts.expect("smsc", "E1");
  std::optional<uint32_t> answer;
  send_receipt("E1", answer);
  // Every shard's one place taken by newer messages: E1's expectation is evicted.
  for (int i = 0; i < 200; ++i) receipts.expect("smsc", "F" + std::to_string(i));
  ASSERT_TRUE(run_until(io_, [&] { return answer.has_value(); }));
  EXPECT_EQ(*answer, codec::status::kOk) << "unknown after its hold, and acknowledged";
  EXPECT_GE(store_ops<state::op::Get>(), 1u);
}

}  // namespace
}  // namespace smppd::receipts
