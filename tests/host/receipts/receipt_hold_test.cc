// A receipt that matches nothing after its hold: acknowledged (and counted unmatched) only when no
// node may still hold its mapping in memory; otherwise refused for now (ESME_RX_T_APPN) so the
// SMSC sends it again once the mapping is written. Losing it for good is the one thing not to do.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>

#include "host/codec/command_status.h"
#include "tests/host/receipts/receipt_tracker_fixture.h"

namespace smppd::receipts {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::run_until;

class ReceiptHoldTest : public testing::ReceiptTrackerTest {
 protected:
  ReceiptTracker& tracker(std::optional<bool> pending_elsewhere, size_t high_water = 100'000) {
    ReceiptTracker::Settings settings;
    settings.orphan_hold = 100ms;
    settings.unsaved_high_water = high_water;
    settings.unsaved_retry = 20ms;
    if (pending_elsewhere) {
      settings.mappings_pending_elsewhere = [this, answer = *pending_elsewhere]() -> asio::awaitable<bool> {
        ++asked_;
        co_return answer;
      };
    }
    return ReceiptTrackerTest::tracker(std::move(settings));
  }

  int asked_ = 0;
};

TEST_F(ReceiptHoldTest, WithNoMappingWaitingAnywhereAnUnmatchedReceiptIsAcknowledged) {
  tracker(false);
  EXPECT_EQ(answer_to("A1"), codec::status::kOk);
  EXPECT_EQ(asked_, 1) << "the other nodes were asked once, at the end of the hold";
}

TEST_F(ReceiptHoldTest, WhileAnotherNodeHoldsUnsavedMappingsAnUnmatchedReceiptIsRefusedForNow) {
  tracker(true);
  EXPECT_EQ(answer_to("A1"), codec::status::kXTAppn) << "acknowledging it would lose it for good";
  EXPECT_EQ(asked_, 1);
}

TEST_F(ReceiptHoldTest, WhileThisNodeHoldsAnUnsavedMappingAnUnmatchedReceiptIsRefusedForNow) {
  ReceiptTracker& receipts = tracker(false);
  backend_.set_available(false);  // the store refuses the mapping's write: it waits in memory
  receipts.record("smsc", "B2", Correlation{"smppd-1", "acme"}, io_.get_executor());
  ASSERT_TRUE(run_until(io_, [&] { return receipts.unsaved() == 1; }));
  backend_.set_available(true);
  EXPECT_EQ(answer_to("A1"), codec::status::kXTAppn);
}

TEST_F(ReceiptHoldTest, UnsavedMappingsAtTheHighWaterMarkSaturateUntilWritten) {
  ReceiptTracker& receipts = tracker(false, 2);
  backend_.set_available(false);
  receipts.record("smsc", "B1", Correlation{"smppd-1", "acme"}, io_.get_executor());
  ASSERT_TRUE(run_until(io_, [&] { return receipts.unsaved() == 1; }));
  EXPECT_FALSE(receipts.saturated());
  receipts.record("smsc", "B2", Correlation{"smppd-2", "acme"}, io_.get_executor());
  ASSERT_TRUE(run_until(io_, [&] { return receipts.unsaved() == 2; }));
  EXPECT_TRUE(receipts.saturated()) << "submits asking for receipts are refused for now from here";

  backend_.set_available(true);
  receipts.start(io_.get_executor());  // writes what waited, once the store answers
  EXPECT_TRUE(run_until(io_, [&] { return receipts.unsaved() == 0; }));
  EXPECT_FALSE(receipts.saturated());
  receipts.stop();
  EXPECT_EQ(answer_to("B2"), codec::status::kOk) << "its mapping was written and matches";
}

}  // namespace
}  // namespace smppd::receipts
