#include "tools/smpp/submit_sm_builder.h"

#include <gtest/gtest.h>

#include <string>

#include "host/codec/tlv_tag.h"

namespace smppd::tools {
namespace {

// 150 Cyrillic letters: UCS-2, 300 octets; 67 per part with a UDH, so three parts.
std::string long_ucs2_text() {
  std::string text;
  for (int i = 0; i < 150; ++i) text += "Ж";
  return text;
}

MessageSpec spec_for(std::string text, LongMode mode) {
  MessageSpec spec;
  spec.source = parse_sme_address("+4917012345");
  spec.destination = parse_sme_address("4915112345678");
  spec.text = std::move(text);
  spec.long_mode = mode;
  spec.reference = 0x1234;
  return spec;
}

TEST(SubmitSmBuilderTest, ShortGsmTextIsOnePartWithoutUdh) {
  const BuiltMessage built = build_submit_sms(spec_for("Hello", LongMode::udh));
  ASSERT_TRUE(built.ok());
  ASSERT_EQ(built.parts.size(), 1u);
  EXPECT_EQ(built.data_coding, 0x00);
  EXPECT_EQ(built.parts[0].short_message, "Hello");
  EXPECT_EQ(built.parts[0].esm_class & codec::kEsmClassUdhi, 0);
  EXPECT_EQ(built.parts[0].source_addr, "4917012345");
  EXPECT_EQ(built.parts[0].source_addr_ton, kTonInternational);
}

TEST(SubmitSmBuilderTest, LongUcs2TextIsThreePartsWithConcatenationUdh) {
  const BuiltMessage built = build_submit_sms(spec_for(long_ucs2_text(), LongMode::udh));
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built.data_coding, 0x08);
  ASSERT_EQ(built.parts.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const codec::Pdu& part = built.parts[i];
    EXPECT_NE(part.esm_class & codec::kEsmClassUdhi, 0);
    EXPECT_LE(part.short_message.size(), 140u);
    EXPECT_EQ(part.short_message.substr(0, 6), std::string("\x05\x00\x03\x34\x03", 5) + static_cast<char>(i + 1));
  }
}

TEST(SubmitSmBuilderTest, SarModeNumbersThePartsWithTlvsInstead) {
  const BuiltMessage built = build_submit_sms(spec_for(long_ucs2_text(), LongMode::sar));
  ASSERT_EQ(built.parts.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const codec::Pdu& part = built.parts[i];
    EXPECT_EQ(part.esm_class & codec::kEsmClassUdhi, 0);
    EXPECT_EQ(part.tlvs.get_int(codec::tlv::kSarMsgRefNum), 0x1234u);
    EXPECT_EQ(part.tlvs.get_int(codec::tlv::kSarTotalSegments), 3u);
    EXPECT_EQ(part.tlvs.get_int(codec::tlv::kSarSegmentSeqnum), i + 1);
  }
  EXPECT_EQ(built.parts[0].short_message.size(), 134u);  // 67 UTF-16 units
}

TEST(SubmitSmBuilderTest, PayloadModeCarriesTheWholeTextInOneMessagePayload) {
  const BuiltMessage built = build_submit_sms(spec_for(long_ucs2_text(), LongMode::payload));
  ASSERT_EQ(built.parts.size(), 1u);
  EXPECT_TRUE(built.parts[0].short_message.empty());
  const codec::Tlv* payload = built.parts[0].tlvs.find(codec::tlv::kMessagePayload);
  ASSERT_NE(payload, nullptr);
  EXPECT_EQ(payload->value.size(), 300u);
}

TEST(SubmitSmBuilderTest, NewReferenceRewritesUdhAndSarInPlace) {
  BuiltMessage udh = build_submit_sms(spec_for(long_ucs2_text(), LongMode::udh));
  BuiltMessage sar = build_submit_sms(spec_for(long_ucs2_text(), LongMode::sar));
  set_concat_reference(udh.parts, 0x0177);
  set_concat_reference(sar.parts, 0x0177);
  EXPECT_EQ(static_cast<uint8_t>(udh.parts[2].short_message[3]), 0x77);
  EXPECT_EQ(sar.parts[2].tlvs.get_int(codec::tlv::kSarMsgRefNum), 0x0177u);
}

}  // namespace
}  // namespace smppd::tools
