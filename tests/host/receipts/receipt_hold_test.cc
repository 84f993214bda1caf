// A receipt that matches nothing after its hold: acknowledged (and counted unmatched) only when no
// node may still hold its mapping in memory; otherwise refused for now (ESME_RX_T_APPN) so the
// SMSC sends it again once the mapping is written. Losing it for good is the one thing not to do.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "host/codec/command_status.h"
#include "host/codec/pdu.h"
#include "host/receipts/client_delivery.h"
#include "host/receipts/client_registry.h"
#include "host/receipts/receipt_tracker.h"
#include "host/state/plugin_state_store.h"
#include "tests/host/state/test_backend.h"

namespace smppd::receipts {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

codec::Pdu receipt_for(const std::string& upstream_id) {
  codec::Pdu receipt;
  receipt.command_id = codec::CommandId::deliver_sm;
  receipt.esm_class = codec::kEsmClassDeliveryReceipt;
  receipt.short_message = "id:" + upstream_id + " sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 "
                          "stat:DELIVRD err:000 text:";
  return receipt;
}

class ReceiptHoldTest : public ::testing::Test {
 protected:
  ReceiptHoldTest() {
    state::PluginStateStore::Opened opened = backend_.open(&stats_);
    EXPECT_EQ(opened.error, "");
    store_ = std::move(opened.store);
    delivery_.emplace(registry_, *store_, io_.get_executor(), ClientDelivery::Settings{});
  }
  ~ReceiptHoldTest() override {
    if (store_) store_->close();
  }

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
    tracker_.emplace(*store_, *delivery_, settings);
    return *tracker_;
  }

  // What the tracker answered the SMSC for a receipt of `upstream_id`; nullopt without an answer.
  std::optional<uint32_t> answer_to(const std::string& upstream_id) {
    std::optional<uint32_t> answer;
    tracker_->on_receipt("smsc", receipt_for(upstream_id), [&answer](uint32_t status) { answer = status; },
                         io_.get_executor());
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (!answer && std::chrono::steady_clock::now() < give_up) {
      io_.restart();
      io_.run_for(20ms);
    }
    return answer;
  }

  stats::StatsStore stats_;
  state::testing::TestBackend backend_;
  std::unique_ptr<state::PluginStateStore> store_;
  asio::io_context io_;
  ClientRegistry registry_;
  std::optional<ClientDelivery> delivery_;
  std::optional<ReceiptTracker> tracker_;
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

// Runs io_ until `done` holds (at most 5 s); whether it does.
template <typename Condition>
bool run_until(asio::io_context& io, Condition done) {
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < give_up) {
    io.restart();
    io.run_for(10ms);
  }
  return done();
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
