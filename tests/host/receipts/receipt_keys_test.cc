#include <gtest/gtest.h>

#include <set>

#include "host/codec/tlv_tag.h"
#include "host/receipts/message_id_generator.h"
#include "host/receipts/receipt_tracker.h"

namespace smppd::receipts {
namespace {

codec::Pdu receipt_with(std::string text, std::optional<std::string> tlv_id = std::nullopt) {
  codec::Pdu pdu;
  pdu.command_id = codec::CommandId::deliver_sm;
  pdu.esm_class = codec::kEsmClassDeliveryReceipt;
  pdu.short_message = std::move(text);
  if (tlv_id) pdu.tlvs.set_cstring(codec::tlv::kReceiptedMessageId, *tlv_id);
  return pdu;
}

TEST(ReceiptKeys, TheRecordedKeyIsAmongTheReceiptsKeys) {
  // Recorded from the submit_sm_resp; looked up from the receipt in every spelling seen in the wild.
  const std::string recorded = ReceiptTracker::key_of("c", "38601FA");
  for (const auto& receipt : {receipt_with("id:38601fa sub:001 dlvrd:001 stat:DELIVRD err:000"),
                              receipt_with("id:0038601FA stat:DELIVRD"),
                              receipt_with("id:59113978 stat:DELIVRD"),  // the same number in decimal
                              receipt_with("", std::string("38601fa")),  // TLV only
                              receipt_with("id:whatever stat:DELIVRD", std::string("0059113978"))}) {
    const auto keys = ReceiptTracker::keys_for("c", receipt);
    EXPECT_NE(std::find(keys.begin(), keys.end(), recorded), keys.end()) << receipt.short_message;
  }
}

TEST(ReceiptKeys, ClustersKeepTheirOwnIds) {
  const auto keys = ReceiptTracker::keys_for("a", receipt_with("id:1234 stat:DELIVRD"));
  EXPECT_EQ(std::find(keys.begin(), keys.end(), ReceiptTracker::key_of("b", "1234")), keys.end());
}

TEST(ReceiptKeys, TwoAllDigitIdsAreNeverComparedAcrossBases) {
  // "16" in decimal is hex "10": without a letter nobody can tell which one is hex.
  const auto keys = ReceiptTracker::keys_for("c", receipt_with("id:16 stat:DELIVRD"));
  EXPECT_EQ(std::find(keys.begin(), keys.end(), ReceiptTracker::key_of("c", "10")), keys.end());
  // "26" is hex "1a": that one has a letter, so the hex key is looked up too.
  const auto lettered = ReceiptTracker::keys_for("c", receipt_with("id:26 stat:DELIVRD"));
  EXPECT_NE(std::find(lettered.begin(), lettered.end(), ReceiptTracker::key_of("c", "1a")), lettered.end());
}

TEST(ReceiptKeys, NoIdNoKeys) {
  EXPECT_TRUE(ReceiptTracker::keys_for("c", receipt_with("hello, no receipt here")).empty());
}

TEST(MessageIdGenerator, SixteenHexDigitsNeverRepeated) {
  MessageIdGenerator ids(0xDEADBEEF);
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    const std::string id = ids.next();
    ASSERT_EQ(id.size(), 16u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ASSERT_TRUE(seen.insert(id).second) << id;
  }
  EXPECT_EQ(ids.next().substr(0, 8), "deadbeef");
}

}  // namespace
}  // namespace smppd::receipts
