#include "tools/smpp/incoming_receipt.h"

#include <gtest/gtest.h>

#include "host/codec/tlv_tag.h"

namespace smppd::tools {
namespace {

codec::Pdu receipt_pdu(std::string text) {
  codec::Pdu pdu;
  pdu.command_id = codec::CommandId::deliver_sm;
  pdu.esm_class = codec::kEsmClassDeliveryReceipt;
  pdu.short_message = std::move(text);
  return pdu;
}

TEST(IncomingReceiptTest, ReadsIdStatAndErrFromTheText) {
  const auto receipt = read_incoming_receipt(receipt_pdu(
      "id:0000003005 sub:001 dlvrd:000 submit date:2403011200 done date:2403011201 stat:UNDELIV err:034 text:hi"));
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->message_id, "0000003005");
  EXPECT_EQ(receipt->stat, "UNDELIV");
  EXPECT_EQ(receipt->err, "034");
  EXPECT_EQ(receipt->state, codec::MessageState::undeliverable);
}

TEST(IncomingReceiptTest, PrefersTheTlvsOverTheText) {
  codec::Pdu pdu = receipt_pdu("id:0059113978 stat:DELIVRD err:000");
  pdu.tlvs.set_cstring(codec::tlv::kReceiptedMessageId, "38601fa");
  pdu.tlvs.set_u8(codec::tlv::kMessageState, static_cast<uint8_t>(codec::MessageState::expired));
  const auto receipt = read_incoming_receipt(pdu);
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->message_id, "38601fa");
  EXPECT_EQ(receipt->state, codec::MessageState::expired);
  EXPECT_EQ(receipt->stat, "DELIVRD") << "the text's word is kept as sent";
}

TEST(IncomingReceiptTest, TlvsAloneMakeAReceipt) {
  codec::Pdu pdu = receipt_pdu("");
  pdu.tlvs.set_cstring(codec::tlv::kReceiptedMessageId, "abc");
  pdu.tlvs.set_u8(codec::tlv::kMessageState, static_cast<uint8_t>(codec::MessageState::delivered));
  const auto receipt = read_incoming_receipt(pdu);
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->message_id, "abc");
  EXPECT_EQ(receipt->stat, "DELIVRD");
}

TEST(IncomingReceiptTest, AMobileOriginatedMessageIsNoReceipt) {
  codec::Pdu pdu = receipt_pdu("id:1 stat:DELIVRD");
  pdu.esm_class = 0;
  EXPECT_FALSE(read_incoming_receipt(pdu).has_value());
}

}  // namespace
}  // namespace smppd::tools
