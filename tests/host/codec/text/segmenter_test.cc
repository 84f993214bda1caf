#include "host/codec/text/segmenter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/codec/text/gsm7.h"
#include "host/codec/text/udh.h"
#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;
using testing::to_hex;

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// Octets a segment takes in the air interface's 140: the SMSC packs GSM-7 septets after the UDH.
size_t air_octets(const SegmentPlan& plan, size_t udh_length, std::string_view text) {
  if (plan.encoding != TextEncoding::gsm7) return udh_length + text.size();
  return udh_length + gsm7_pack(text, gsm7_fill_bits(udh_length)).size();
}

// The text octets of every segment, after its UDH, joined; checks each UDH and size on the way.
std::string joined_text(const SegmentPlan& plan, bool sixteen_bit_reference, uint16_t reference) {
  std::string text;
  for (size_t i = 0; i < plan.segments.size(); ++i) {
    const Segment& segment = plan.segments[i];
    if (!segment.udhi) {
      EXPECT_EQ(plan.segments.size(), 1u);
      EXPECT_LE(air_octets(plan, 0, segment.user_data), kUserDataOctets);
      text += segment.user_data;
      continue;
    }
    const UdhParseResult parsed = parse_udh(segment.user_data);
    EXPECT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
    const ConcatInfo expected{reference, static_cast<uint8_t>(plan.segments.size()), static_cast<uint8_t>(i + 1),
                              sixteen_bit_reference};
    EXPECT_EQ(parsed.udh.concat, expected) << i;
    EXPECT_LE(air_octets(plan, parsed.udh.length, parsed.udh.payload), kUserDataOctets) << i;
    text += parsed.udh.payload;
  }
  return text;
}

struct CapacityCase {
  TextEncoding encoding;
  size_t single;
  size_t eight_bit_ref;
  size_t sixteen_bit_ref;
};

class SegmenterCapacityTest : public ::testing::TestWithParam<CapacityCase> {};

TEST_P(SegmenterCapacityTest, MatchesGsm0338Table) {
  EXPECT_EQ(user_data_capacity(GetParam().encoding, 0), GetParam().single);
  EXPECT_EQ(user_data_capacity(GetParam().encoding, 6), GetParam().eight_bit_ref);
  EXPECT_EQ(user_data_capacity(GetParam().encoding, 7), GetParam().sixteen_bit_ref);
}

INSTANTIATE_TEST_SUITE_P(Encodings, SegmenterCapacityTest,
                         ::testing::Values(CapacityCase{TextEncoding::gsm7, 160, 153, 152},
                                           CapacityCase{TextEncoding::latin1, 140, 134, 133},
                                           CapacityCase{TextEncoding::binary, 140, 134, 133},
                                           CapacityCase{TextEncoding::ucs2, 70, 67, 66}));

TEST(SegmenterTest, CapacityOfAnOversizedUdhIsZero) {
  EXPECT_EQ(user_data_capacity(TextEncoding::gsm7, 140), 0u);
  EXPECT_EQ(user_data_capacity(TextEncoding::ucs2, 255), 0u);
}

struct BoundaryCase {
  const char* name;
  std::string text;
  bool sixteen_bit_reference;
  bool allow_latin1;
  uint8_t data_coding;
  std::vector<size_t> text_octets;  // per segment, after the UDH
};

class SegmenterBoundaryTest : public ::testing::TestWithParam<BoundaryCase> {};

TEST_P(SegmenterBoundaryTest, SplitsAtCapacity) {
  const auto& param = GetParam();
  SplitOptions options;
  options.reference = 0x1234;
  options.sixteen_bit_reference = param.sixteen_bit_reference;
  options.encoding.allow_latin1 = param.allow_latin1;
  const SegmentPlan plan = split_text(param.text, options);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(int{plan.data_coding}, int{param.data_coding});
  ASSERT_EQ(plan.segments.size(), param.text_octets.size());
  EXPECT_EQ(plan.segments_needed, param.text_octets.size());
  const size_t udh_length = plan.segments.size() == 1 ? 0 : (param.sixteen_bit_reference ? 7 : 6);
  for (size_t i = 0; i < plan.segments.size(); ++i) {
    EXPECT_EQ(plan.segments[i].udhi, udh_length != 0);
    EXPECT_EQ(plan.segments[i].user_data.size(), udh_length + param.text_octets[i]) << i;
  }
  const uint16_t reference = param.sixteen_bit_reference ? 0x1234 : 0x34;
  const std::string joined = joined_text(plan, param.sixteen_bit_reference, reference);
  EXPECT_EQ(decode_text(plan.data_coding, joined).utf8, param.text);
}

INSTANTIATE_TEST_SUITE_P(
    Capacities, SegmenterBoundaryTest,
    ::testing::Values(
        BoundaryCase{"Gsm160IsOne", repeat("a", 160), false, false, 0x00, {160}},
        BoundaryCase{"Gsm161IsTwo", repeat("a", 161), false, false, 0x00, {153, 8}},
        BoundaryCase{"Gsm161SixteenBitRef", repeat("a", 161), true, false, 0x00, {152, 9}},
        BoundaryCase{"Gsm306IsTwo", repeat("a", 306), false, false, 0x00, {153, 153}},
        BoundaryCase{"Gsm307IsThree", repeat("a", 307), false, false, 0x00, {153, 153, 1}},
        BoundaryCase{"GsmEightyEurosIsOne", repeat("€", 80), false, false, 0x00, {160}},
        BoundaryCase{"Ucs2SeventyIsOne", repeat("П", 70), false, false, 0x08, {140}},
        BoundaryCase{"Ucs2SeventyOneIsTwo", repeat("П", 71), false, false, 0x08, {134, 8}},
        BoundaryCase{"Ucs2SixteenBitRef", repeat("П", 71), true, false, 0x08, {132, 10}},
        BoundaryCase{"Latin1OneFortyIsOne", "ç" + repeat("a", 139), false, true, 0x03, {140}},
        BoundaryCase{"Latin1OneFortyOneIsTwo", "ç" + repeat("a", 140), false, true, 0x03, {134, 7}},
        BoundaryCase{"Latin1SixteenBitRef", "ç" + repeat("a", 140), true, true, 0x03, {133, 8}},
        // The escape would be the 153rd septet: the whole pair moves to the next segment.
        BoundaryCase{"EscapePairNotSplit", repeat("a", 152) + "€" + repeat("b", 10), false, false, 0x00,
                     {152, 12}},
        BoundaryCase{"EscapePairJustFits", repeat("a", 151) + "€" + repeat("b", 10), false, false, 0x00,
                     {153, 10}},
        BoundaryCase{"EscapePairNotSplitSixteenBitRef", repeat("a", 151) + "[" + repeat("b", 10), true, false,
                     0x00, {151, 12}},
        // The high surrogate would be the 67th unit: the pair moves to the next segment.
        BoundaryCase{"SurrogatePairNotSplit", repeat("П", 66) + "😀" + repeat("x", 5), false, false, 0x08,
                     {132, 14}},
        BoundaryCase{"SurrogatePairJustFits", repeat("П", 65) + "😀" + repeat("x", 5), false, false, 0x08,
                     {134, 10}},
        BoundaryCase{"SurrogatePairNotSplitSixteenBitRef", repeat("П", 65) + "😀" + repeat("x", 5), true, false,
                     0x08, {130, 14}}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(SegmenterTest, ShortTextIsOneSegmentWithoutUdh) {
  const SegmentPlan plan = split_text("Hello world", SplitOptions{});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.segments.size(), 1u);
  EXPECT_EQ(plan.segments[0], (Segment{"Hello world", false}));
  EXPECT_EQ(plan.data_coding, 0x00);
  EXPECT_EQ(plan.units, 11u);
}

TEST(SegmenterTest, GsmSegmentsAreUnpackedSeptets) {
  const SegmentPlan plan = split_text("€5 [ok]", SplitOptions{});
  ASSERT_EQ(plan.segments.size(), 1u);
  EXPECT_EQ(to_hex(plan.segments[0].user_data), "1B6535201B3C6F6B1B3E");  // V17
  EXPECT_EQ(plan.units, 10u);
}

TEST(SegmenterTest, EmptyTextIsOneEmptySegment) {
  const SegmentPlan plan = split_text("", SplitOptions{});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.segments.size(), 1u);
  EXPECT_EQ(plan.segments[0], (Segment{"", false}));
}

TEST(SegmenterTest, SegmentsCarryExactUserData) {
  SplitOptions options;
  options.reference = 0x2A;
  const SegmentPlan plan = split_text(repeat("x", 153) + "the tail", options);
  ASSERT_EQ(plan.segments.size(), 2u);
  EXPECT_EQ(plan.segments[0].user_data, bytes_from_hex("0500032A0201") + repeat("x", 153));
  EXPECT_EQ(plan.segments[1].user_data, bytes_from_hex("0500032A0202") + "the tail");
}

TEST(SegmenterTest, EightBitReferenceKeepsLowOctet) {
  SplitOptions options;
  options.reference = 0xBEEF;
  const SegmentPlan plan = split_text(repeat("x", 200), options);
  ASSERT_EQ(plan.segments.size(), 2u);
  EXPECT_EQ(to_hex(plan.segments[0].user_data.substr(0, 6)), "050003EF0201");
}

TEST(SegmenterTest, TooManySegmentsIsAnErrorNotTruncation) {
  SplitOptions options;
  options.max_segments = 2;
  const SegmentPlan plan = split_text(repeat("a", 307), options);
  EXPECT_EQ(plan.error, SplitError::too_many_segments);
  EXPECT_FALSE(plan.ok());
  EXPECT_TRUE(plan.segments.empty());
  EXPECT_EQ(plan.segments_needed, 3u);

  options.max_segments = 3;
  EXPECT_TRUE(split_text(repeat("a", 307), options).ok());
}

TEST(SegmenterTest, ZeroMaxSegmentsRefusesEvenShortText) {
  SplitOptions options;
  options.max_segments = 0;
  const SegmentPlan plan = split_text("hi", options);
  EXPECT_EQ(plan.error, SplitError::too_many_segments);
  EXPECT_TRUE(plan.segments.empty());
}

TEST(SegmenterTest, TotalNeverExceeds255) {
  SplitOptions options;
  options.max_segments = 1000;
  const SegmentPlan largest = split_text(repeat("a", 153 * 255), options);
  ASSERT_TRUE(largest.ok());
  ASSERT_EQ(largest.segments.size(), 255u);
  EXPECT_EQ(to_hex(largest.segments.back().user_data.substr(0, 6)), "05000300FFFF");

  const SegmentPlan too_long = split_text(repeat("a", 153 * 255 + 1), options);
  EXPECT_EQ(too_long.error, SplitError::too_many_segments);
  EXPECT_EQ(too_long.segments_needed, 256u);
}

TEST(SegmenterTest, MessagePayloadCarriesWholeTextWithoutUdh) {
  SplitOptions options;
  options.use_message_payload = true;
  const std::string text = repeat("Привет ", 100);
  const SegmentPlan plan = split_text(text, options);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.segments.size(), 1u);
  EXPECT_FALSE(plan.segments[0].udhi);
  EXPECT_EQ(plan.data_coding, 0x08);
  EXPECT_EQ(plan.segments[0].user_data.size(), 1400u);
  EXPECT_EQ(decode_text(plan.data_coding, plan.segments[0].user_data).utf8, text);
}

TEST(SegmenterTest, MessagePayloadLimitIsSixteenBits) {
  SplitOptions options;
  options.use_message_payload = true;
  EXPECT_TRUE(split_text(repeat("a", 65535), options).ok());
  const SegmentPlan plan = split_text(repeat("a", 65536), options);
  EXPECT_EQ(plan.error, SplitError::payload_too_long);
  EXPECT_TRUE(plan.segments.empty());
}

TEST(SegmenterTest, EveryLengthReassemblesAndFits) {
  // Mixed one- and two-septet characters, then UCS-2 with surrogate pairs, at every length up to
  // four segments and more: each segment fits 140 octets and the segments join back to the text.
  const std::vector<std::vector<std::string>> patterns = {{"a", "b", "€", "[", "c"}, {"П", "р", "😀", "и"}};
  for (const auto& pattern : patterns) {
    std::string text;
    for (size_t length = 0; length < 700; ++length) {
      text += pattern[length % pattern.size()];
      for (const bool sixteen_bit : {false, true}) {
        SplitOptions options;
        options.sixteen_bit_reference = sixteen_bit;
        options.reference = 7;
        const SegmentPlan plan = split_text(text, options);
        ASSERT_TRUE(plan.ok()) << length;
        const std::string joined = joined_text(plan, sixteen_bit, 7);
        ASSERT_EQ(decode_text(plan.data_coding, joined).utf8, text) << length;
      }
    }
  }
}

}  // namespace
}  // namespace smppd::codec
