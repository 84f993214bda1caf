#include "host/codec/tlv.h"

#include <gtest/gtest.h>

#include "host/codec/tlv_tag.h"

namespace smppd::codec {
namespace {

TEST(TlvList, IntegersOfTheirOwnWidth) {
  TlvList list;
  list.set_u8(tlv::kMessageState, 2);
  list.set_u16(tlv::kSarMsgRefNum, 0x1234);
  list.set_u32(tlv::kQosTimeToLive, 0x01020304);
  EXPECT_EQ(list.get_int(tlv::kMessageState), 2u);
  EXPECT_EQ(list.get_int(tlv::kSarMsgRefNum), 0x1234u);
  EXPECT_EQ(list.get_int(tlv::kQosTimeToLive), 0x01020304u);
  EXPECT_EQ(list.get_int(tlv::kSourcePort), std::nullopt);
}

TEST(TlvList, ThreeOctetValueIsNotAnInteger) {
  TlvList list;
  list.set(tlv::kNetworkErrorCode, std::string("\x03\x00\x01", 3));
  EXPECT_EQ(list.get_int(tlv::kNetworkErrorCode), std::nullopt);
}

TEST(TlvList, CStringValueWithAndWithoutNul) {
  TlvList list;
  list.set_cstring(tlv::kReceiptedMessageId, "abc");
  EXPECT_EQ(list.find(tlv::kReceiptedMessageId)->value, std::string("abc\0", 4));
  EXPECT_EQ(list.get_cstring(tlv::kReceiptedMessageId), "abc");
  list.set(tlv::kReceiptedMessageId, "noterm");
  EXPECT_EQ(list.get_cstring(tlv::kReceiptedMessageId), "noterm");
}

TEST(TlvList, SetReplacesInPlaceAndKeepsOrder) {
  TlvList list;
  list.set_u8(0x1402, 1);
  list.set_u8(tlv::kMessageState, 2);
  list.set_u8(0x1402, 9);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.items()[0].tag, 0x1402);
  EXPECT_EQ(list.items()[0].value, "\x09");
  EXPECT_EQ(list.remove(0x1402), 1u);
  EXPECT_FALSE(list.contains(0x1402));
}

TEST(TlvSpec, KnownTagsHaveLimitsVendorTagsNone) {
  ASSERT_NE(find_tlv_spec(tlv::kNetworkErrorCode), nullptr);
  EXPECT_EQ(find_tlv_spec(tlv::kNetworkErrorCode)->min_length, 3);
  EXPECT_EQ(find_tlv_spec(tlv::kBroadcastRepNum)->max_length, 2);  // v5.0: Int2, not Wireshark's 1
  EXPECT_EQ(find_tlv_spec(0x1402), nullptr);
  EXPECT_TRUE(is_vendor_tlv(0x1402));
  EXPECT_FALSE(is_vendor_tlv(tlv::kMessagePayload));
}

}  // namespace
}  // namespace smppd::codec
