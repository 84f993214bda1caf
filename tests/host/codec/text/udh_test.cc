#include "host/codec/text/udh.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;
using testing::to_hex;

TEST(UdhTest, V22ConcatEightBitReference) {
  const std::string user_data = bytes_from_hex("0500032A0201") + "Concatenated message, part one. ";
  const UdhParseResult parsed = parse_udh(user_data);
  ASSERT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
  EXPECT_EQ(parsed.udh.length, 6u);
  ASSERT_TRUE(parsed.udh.concat.has_value());
  EXPECT_EQ(*parsed.udh.concat, (ConcatInfo{0x2A, 2, 1, false}));
  EXPECT_FALSE(parsed.udh.ports.has_value());
  ASSERT_EQ(parsed.udh.elements.size(), 1u);
  EXPECT_EQ(parsed.udh.elements[0], (InformationElement{0x00, bytes_from_hex("2A0201")}));
  EXPECT_EQ(parsed.udh.payload, "Concatenated message, part one. ");
}

TEST(UdhTest, V24ConcatSixteenBitReference) {
  const std::string user_data = bytes_from_hex("06080412340301 03A90078");
  const UdhParseResult parsed = parse_udh(user_data);
  ASSERT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
  EXPECT_EQ(parsed.udh.length, 7u);
  EXPECT_EQ(parsed.udh.concat, (ConcatInfo{0x1234, 3, 1, true}));
  EXPECT_EQ(to_hex(parsed.udh.payload), "03A90078");
}

TEST(UdhTest, E58UnknownElementIsKept) {
  // External vector E58 (node-smpp): national language single shift IE 0x24, then IA5 text.
  const std::string user_data = bytes_from_hex("03240103747B7374");
  const UdhParseResult parsed = parse_udh(user_data);
  ASSERT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
  EXPECT_EQ(parsed.udh.length, 4u);
  EXPECT_EQ(parsed.udh.elements, (std::vector<InformationElement>{{0x24, "\x03"}}));
  EXPECT_FALSE(parsed.udh.concat.has_value());
  EXPECT_EQ(parsed.udh.payload, "t{st");
}

TEST(UdhTest, PortAddressing) {
  // WAP push: destination 2948, source 9200.
  const std::string sixteen_bit_ports = bytes_from_hex("0605040B8423F0");
  const UdhParseResult sixteen = parse_udh(sixteen_bit_ports);
  ASSERT_TRUE(sixteen.ok()) << udh_error_name(sixteen.error);
  EXPECT_EQ(sixteen.udh.ports, (PortInfo{2948, 9200, true}));
  EXPECT_TRUE(sixteen.udh.payload.empty());

  const std::string eight_bit_ports = bytes_from_hex("040402F0F1 41");
  const UdhParseResult eight = parse_udh(eight_bit_ports);
  ASSERT_TRUE(eight.ok()) << udh_error_name(eight.error);
  EXPECT_EQ(eight.udh.ports, (PortInfo{0xF0, 0xF1, false}));
  EXPECT_EQ(eight.udh.payload, "A");
}

TEST(UdhTest, PortsAndConcatTogether) {
  const std::string user_data = bytes_from_hex("0B 05040B8423F0 0003AB0302 FFFF");
  const UdhParseResult parsed = parse_udh(user_data);
  ASSERT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
  EXPECT_EQ(parsed.udh.length, 12u);
  EXPECT_EQ(parsed.udh.ports, (PortInfo{2948, 9200, true}));
  EXPECT_EQ(parsed.udh.concat, (ConcatInfo{0xAB, 3, 2, false}));
  EXPECT_EQ(parsed.udh.elements.size(), 2u);
  EXPECT_EQ(to_hex(parsed.udh.payload), "FFFF");
}

TEST(UdhTest, RepeatedConcatElementLastOneCounts) {
  const std::string user_data = bytes_from_hex("0A 00030102 01 00030203 02");
  const UdhParseResult parsed = parse_udh(user_data);
  ASSERT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
  EXPECT_EQ(parsed.udh.concat, (ConcatInfo{0x02, 3, 2, false}));
  EXPECT_EQ(parsed.udh.elements.size(), 2u);
}

TEST(UdhTest, EmptyHeaderAndEmptyElement) {
  const std::string header_then_a = bytes_from_hex("00 41");
  const UdhParseResult empty_header = parse_udh(header_then_a);
  ASSERT_TRUE(empty_header.ok());
  EXPECT_EQ(empty_header.udh.length, 1u);
  EXPECT_TRUE(empty_header.udh.elements.empty());
  EXPECT_EQ(empty_header.udh.payload, "A");

  const std::string element_without_data = bytes_from_hex("02 7000");
  const UdhParseResult empty_element = parse_udh(element_without_data);
  ASSERT_TRUE(empty_element.ok());
  EXPECT_EQ(empty_element.udh.elements, (std::vector<InformationElement>{{0x70, ""}}));
}

struct ErrorCase {
  const char* name;
  const char* user_data_hex;
  UdhError error;
};

class UdhErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(UdhErrorTest, Refuses) {
  // An exact-size heap copy, so AddressSanitizer sees any read past the user data.
  const std::string bytes = bytes_from_hex(GetParam().user_data_hex);
  const std::vector<char> exact(bytes.begin(), bytes.end());
  const UdhParseResult parsed = parse_udh(std::string_view(exact.data(), exact.size()));
  EXPECT_EQ(udh_error_name(parsed.error), udh_error_name(GetParam().error));
  EXPECT_FALSE(parsed.ok());
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, UdhErrorTest,
    ::testing::Values(
        ErrorCase{"EmptyUserData", "", UdhError::empty_user_data},
        ErrorCase{"UdhlOneBeyond", "050003 2A02", UdhError::header_beyond_user_data},
        ErrorCase{"UdhlFfOnOneOctet", "FF", UdhError::header_beyond_user_data},
        ErrorCase{"UdhlOnlyOctet", "01", UdhError::header_beyond_user_data},
        ErrorCase{"IeiWithoutIedl", "01 00 41", UdhError::element_beyond_header},
        ErrorCase{"IeDataPastUdhl", "03 000301 0201", UdhError::element_beyond_header},
        ErrorCase{"SecondIePastUdhl", "07 0003010201 7005 4142", UdhError::element_beyond_header},
        ErrorCase{"Concat8ShortIedl", "04 00022A02 41", UdhError::concat_length_invalid},
        ErrorCase{"Concat8LongIedl", "06 00042A020100", UdhError::concat_length_invalid},
        ErrorCase{"Concat16ShortIedl", "05 08031234 02", UdhError::concat_length_invalid},
        ErrorCase{"TotalZero", "05 00032A0000", UdhError::concat_total_zero},
        ErrorCase{"SequenceZero", "05 00032A0200", UdhError::concat_sequence_zero},
        ErrorCase{"SequenceBeyondTotal", "05 00032A0203", UdhError::concat_sequence_beyond_total},
        ErrorCase{"SixteenBitSequenceBeyondTotal", "06 0804123401FF", UdhError::concat_sequence_beyond_total},
        ErrorCase{"Ports8ShortIedl", "03 040101", UdhError::port_length_invalid},
        ErrorCase{"Ports8LongIedl", "05 0403F0F1F2", UdhError::port_length_invalid},
        ErrorCase{"Ports16ShortIedl", "04 0502 0B84", UdhError::port_length_invalid},
        ErrorCase{"Ports16LongIedl", "07 0505 0B8423F000", UdhError::port_length_invalid}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(Hardening08, ParseUdhRefusesEmptyUserData) {
  const std::vector<char> nothing;
  EXPECT_EQ(parse_udh(std::string_view(nothing.data(), nothing.size())).error, UdhError::empty_user_data);
}

TEST(Hardening08, ParseUdhRefusesEveryUdhlBeyondTheUserData) {
  // Osmocom dereferenced past the user data here. Every UDHL from 0 to 255 over a 6-octet message:
  // only the ones that fit may be accepted.
  for (int udhl = 0; udhl < 256; ++udhl) {
    std::string bytes = bytes_from_hex("00 70017F 4142");
    bytes[0] = static_cast<char>(udhl);
    const std::vector<char> exact(bytes.begin(), bytes.end());
    const UdhParseResult parsed = parse_udh(std::string_view(exact.data(), exact.size()));
    if (udhl + 1 > static_cast<int>(bytes.size())) {
      EXPECT_EQ(parsed.error, UdhError::header_beyond_user_data) << udhl;
    } else {
      EXPECT_NE(parsed.error, UdhError::header_beyond_user_data) << udhl;
    }
  }
}

TEST(UdhTest, ErrorNamesAreDistinct) {
  std::vector<std::string_view> names;
  for (int error = 0; error <= static_cast<int>(UdhError::port_length_invalid); ++error) {
    const std::string_view name = udh_error_name(static_cast<UdhError>(error));
    EXPECT_FALSE(name.empty()) << error;
    for (const auto seen : names) EXPECT_NE(name, seen);
    names.push_back(name);
  }
}

TEST(UdhTest, ConcatBuilders) {
  EXPECT_EQ(to_hex(build_concat_udh(0x2A, 2, 1, false)), "0500032A0201");   // V22
  EXPECT_EQ(to_hex(build_concat_udh(0x2A, 2, 2, false)), "0500032A0202");   // V23
  EXPECT_EQ(to_hex(build_concat_udh(0x1234, 3, 1, true)), "06080412340301");  // V24
  EXPECT_EQ(to_hex(build_concat_udh(0x12AB, 3, 1, false)), "050003AB0301");   // low octet only
}

TEST(UdhTest, PortBuilders) {
  EXPECT_EQ(to_hex(build_port_udh(2948, 9200, true)), "0605040B8423F0");
  EXPECT_EQ(to_hex(build_port_udh(0x12F0, 0x34F1, false)), "040402F0F1");
}

TEST(UdhTest, CombinedBuilderKeepsOrder) {
  const std::vector<InformationElement> elements = {port_element(2948, 9200, true),
                                                    concat_element(0xAB, 3, 2, false),
                                                    {0x24, "\x03"}};
  const auto udh = build_udh(elements);
  ASSERT_TRUE(udh.has_value());
  EXPECT_EQ(to_hex(*udh), "0E05040B8423F00003AB0302240103");
  const UdhParseResult parsed = parse_udh(*udh);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.udh.elements, elements);
}

TEST(UdhTest, CombinedBuilderRefusesWhatOneOctetCannotCount) {
  EXPECT_EQ(to_hex(build_udh({}).value_or("?")), "00");
  const std::vector<InformationElement> too_long_element = {{0x70, std::string(256, 'x')}};
  EXPECT_FALSE(build_udh(too_long_element).has_value());
  const std::vector<InformationElement> largest = {{0x70, std::string(253, 'x')}};
  EXPECT_EQ(build_udh(largest).value_or("").size(), 256u);
  const std::vector<InformationElement> too_long_header = {{0x70, std::string(200, 'x')}, {0x71, std::string(52, 'x')}};
  EXPECT_FALSE(build_udh(too_long_header).has_value());
}

TEST(UdhTest, EveryConcatHeaderRoundTrips) {
  for (const bool sixteen_bit : {false, true}) {
    for (int total = 1; total < 256; total += 7) {
      for (int sequence = 1; sequence <= total; sequence += 5) {
        const auto reference = static_cast<uint16_t>(sixteen_bit ? 0xBEEF : 0xEF);
        const std::string udh = build_concat_udh(reference, static_cast<uint8_t>(total),
                                                 static_cast<uint8_t>(sequence), sixteen_bit);
        const std::string user_data = udh + "text";
        const UdhParseResult parsed = parse_udh(user_data);
        ASSERT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
        EXPECT_EQ(parsed.udh.concat, (ConcatInfo{reference, static_cast<uint8_t>(total),
                                                 static_cast<uint8_t>(sequence), sixteen_bit}));
        EXPECT_EQ(parsed.udh.payload, "text");
      }
    }
  }
}

}  // namespace
}  // namespace smppd::codec
