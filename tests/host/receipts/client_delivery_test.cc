// A receipt or MO refused by one of a client's receivers goes to the next one whole: nothing of
// the message may be lost on the way.
#include "host/receipts/client_delivery.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/codec/tlv_tag.h"
#include "tests/host/receipts/receipt_tracker_fixture.h"

namespace smppd::receipts {
namespace {

// A receiver that answers every message the same way and keeps what it got, renumbered as a
// session does.
class FakeReceiver : public ReceiverSession {
 public:
  explicit FakeReceiver(bool accept) : accept_(accept) {}
  void deliver(codec::Pdu message, std::function<void(bool)> done) override {
    message.sequence_number = next_sequence_++;
    got.push_back(std::move(message));
    done(accept_);
  }
  std::vector<codec::Pdu> got;

 private:
  bool accept_;
  uint32_t next_sequence_ = 1000;
};

class ClientDeliveryTest : public testing::ReceiptTrackerTest {};

TEST_F(ClientDeliveryTest, AMessageOneReceiverRefusedReachesTheNextWhole) {
  auto refuser = std::make_shared<FakeReceiver>(false);
  auto taker = std::make_shared<FakeReceiver>(true);
  registry_.add("acme", Receiver{1, refuser, io_.get_executor()});
  registry_.add("acme", Receiver{2, taker, io_.get_executor()});

  // Round robin: of two messages, one goes to the refuser first.
  std::vector<std::optional<bool>> results(2);
  for (size_t i = 0; i < results.size(); ++i) {
    codec::Pdu receipt = testing::receipt_for("U" + std::to_string(i));
    receipt.tlvs.set_cstring(codec::tlv::kReceiptedMessageId, "smppd-" + std::to_string(i));
    delivery_->deliver("acme", std::move(receipt), io_.get_executor(), [&results, i](bool ok) { results[i] = ok; });
  }
  ASSERT_TRUE(testing::run_until(io_, [&] { return results[0] && results[1]; }));
  EXPECT_TRUE(*results[0]);
  EXPECT_TRUE(*results[1]);

  ASSERT_EQ(refuser->got.size(), 1u);
  ASSERT_EQ(taker->got.size(), 2u);
  const codec::Pdu& refused = refuser->got.front();
  const auto retried = std::find_if(taker->got.begin(), taker->got.end(), [&](const codec::Pdu& pdu) {
    return pdu.short_message == refused.short_message;
  });
  ASSERT_NE(retried, taker->got.end()) << "the refused message never reached the other receiver";
  EXPECT_EQ(retried->tlvs.get_cstring(codec::tlv::kReceiptedMessageId), refused.tlvs.get_cstring(codec::tlv::kReceiptedMessageId));
  EXPECT_EQ(retried->esm_class, refused.esm_class);
  EXPECT_EQ(retried->command_id, refused.command_id);
  EXPECT_EQ(store_ops<state::op::ListAppend>(), 0u) << "a receiver took both: nothing for the outbox";
}

}  // namespace
}  // namespace smppd::receipts
