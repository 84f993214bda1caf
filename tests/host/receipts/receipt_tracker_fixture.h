#pragma once

// A ReceiptTracker over the test state store backend, its ClientDelivery with no receiver bound
// (a matched receipt goes to the outbox), and an io_context the test runs by hand.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "host/codec/pdu.h"
#include "host/receipts/client_delivery.h"
#include "host/receipts/client_registry.h"
#include "host/receipts/receipt_tracker.h"
#include "host/state/plugin_state_store.h"
#include "tests/host/state/test_backend.h"

namespace smppd::receipts::testing {

// A final (DELIVRD) receipt naming `upstream_id` in its text.
inline codec::Pdu receipt_for(const std::string& upstream_id) {
  codec::Pdu receipt;
  receipt.command_id = codec::CommandId::deliver_sm;
  receipt.esm_class = codec::kEsmClassDeliveryReceipt;
  receipt.short_message = "id:" + upstream_id + " sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 "
                          "stat:DELIVRD err:000 text:";
  return receipt;
}

// Runs io until `done` holds (at most 5 s); whether it does.
template <typename Condition>
bool run_until(boost::asio::io_context& io, Condition done) {
  using namespace std::chrono_literals;
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < give_up) {
    io.restart();
    io.run_for(10ms);
  }
  return done();
}

class ReceiptTrackerTest : public ::testing::Test {
 protected:
  ReceiptTrackerTest() {
    state::PluginStateStore::Opened opened = backend_.open(&stats_);
    EXPECT_EQ(opened.error, "");
    store_ = std::move(opened.store);
    delivery_.emplace(registry_, *store_, io_.get_executor(), ClientDelivery::Settings{});
  }
  ~ReceiptTrackerTest() override {
    if (tracker_) tracker_->stop();
    if (store_) store_->close();
  }

  ReceiptTracker& tracker(ReceiptTracker::Settings settings) {
    tracker_.emplace(*store_, *delivery_, std::move(settings));
    return *tracker_;
  }

  // Hands the tracker a receipt of `upstream_id`; `answer` gets what the SMSC is answered.
  void send_receipt(const std::string& upstream_id, std::optional<uint32_t>& answer) {
    tracker_->on_receipt("smsc", receipt_for(upstream_id), [&answer](uint32_t status) { answer = status; },
                         io_.get_executor());
  }

  // What the tracker answered the SMSC for a receipt of `upstream_id`; nullopt without an answer.
  std::optional<uint32_t> answer_to(const std::string& upstream_id) {
    std::optional<uint32_t> answer;
    send_receipt(upstream_id, answer);
    run_until(io_, [&] { return answer.has_value(); });
    return answer;
  }

  // How many operations of type Op the store was asked for.
  template <typename Op>
  size_t store_ops() const {
    size_t count = 0;
    for (const auto& batch : backend_.received()) {
      for (const state::StateOp& op : batch) count += std::holds_alternative<Op>(op) ? 1 : 0;
    }
    return count;
  }

  stats::StatsStore stats_;
  state::testing::TestBackend backend_;
  std::unique_ptr<state::PluginStateStore> store_;
  boost::asio::io_context io_;
  ClientRegistry registry_;
  std::optional<ClientDelivery> delivery_;
  std::optional<ReceiptTracker> tracker_;
};

}  // namespace smppd::receipts::testing
