#include "host/codec/text/data_coding.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "host/codec/text/udh.h"
#include "host/codec/text/utf8.h"
#include "tests/support/hex.h"
#include "tests/support/test_data.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;
using testing::to_hex;

struct EncodingOfCase {
  uint8_t data_coding;
  TextEncoding expected;
};

class DataCodingEncodingOfTest : public ::testing::TestWithParam<EncodingOfCase> {};

TEST_P(DataCodingEncodingOfTest, MapsToEncoding) {
  EXPECT_EQ(text_encoding_name(text_encoding_of(GetParam().data_coding)), text_encoding_name(GetParam().expected))
      << "data_coding 0x" << std::hex << int{GetParam().data_coding};
}

constexpr auto kGsm7 = TextEncoding::gsm7;
constexpr auto kIa5 = TextEncoding::ia5;
constexpr auto kLatin1 = TextEncoding::latin1;
constexpr auto kUcs2 = TextEncoding::ucs2;
constexpr auto kBinary = TextEncoding::binary;

INSTANTIATE_TEST_SUITE_P(
    SmppAndGsmValues, DataCodingEncodingOfTest,
    ::testing::Values(EncodingOfCase{0x00, kGsm7}, EncodingOfCase{0x01, kIa5}, EncodingOfCase{0x02, kBinary},
                      EncodingOfCase{0x03, kLatin1}, EncodingOfCase{0x04, kBinary},
                      EncodingOfCase{0x05, kBinary},  // JIS
                      EncodingOfCase{0x06, kBinary},  // Cyrillic
                      EncodingOfCase{0x07, kBinary},  // Hebrew
                      EncodingOfCase{0x08, kUcs2}, EncodingOfCase{0x09, kBinary}, EncodingOfCase{0x0A, kBinary},
                      EncodingOfCase{0x0D, kBinary}, EncodingOfCase{0x0E, kBinary}, EncodingOfCase{0x0F, kBinary},
                      EncodingOfCase{0x10, kBinary}, EncodingOfCase{0x11, kBinary}, EncodingOfCase{0x18, kBinary},
                      EncodingOfCase{0x7F, kBinary}, EncodingOfCase{0xBF, kBinary},
                      EncodingOfCase{0xC0, kGsm7},  // MWI, discard
                      EncodingOfCase{0xCF, kGsm7}, EncodingOfCase{0xD0, kGsm7},  // MWI, store
                      EncodingOfCase{0xDF, kGsm7}, EncodingOfCase{0xE0, kUcs2},  // MWI, store, UCS-2
                      EncodingOfCase{0xEF, kUcs2}, EncodingOfCase{0xF0, kGsm7},  // class 0 (flash)
                      EncodingOfCase{0xF3, kGsm7}, EncodingOfCase{0xF4, kBinary},  // class 0, 8-bit
                      EncodingOfCase{0xF7, kBinary}, EncodingOfCase{0xF8, kGsm7}, EncodingOfCase{0xFB, kGsm7},
                      EncodingOfCase{0xFC, kBinary}, EncodingOfCase{0xFF, kBinary}));

TEST(DataCodingTest, McDefaultIsTheOperatorsChoice) {
  EXPECT_EQ(text_encoding_of(0x00, TextEncoding::latin1), TextEncoding::latin1);
  EXPECT_EQ(text_encoding_of(0x00, TextEncoding::ia5), TextEncoding::ia5);
  EXPECT_EQ(text_encoding_of(0x01, TextEncoding::latin1), TextEncoding::ia5);
  const DecodedText decoded = decode_text(0x00, bytes_from_hex("636166E9"), TextEncoding::latin1);
  EXPECT_EQ(decoded.utf8, "café");
  EXPECT_FALSE(decoded.lossy);
}

// Reads the short_message field of a vector in tests/data/smpp/vectors.tsv, checking that the octet
// three before it is the data_coding the table claims (data_coding, sm_default_msg_id, sm_length).
struct VectorCase {
  const char* id;
  size_t short_message_offset;
  uint8_t data_coding;
  bool udhi;
  const char* utf8;
};

std::string short_message_of(const VectorCase& vector) {
  std::istringstream rows(testing::read_test_data("smpp/vectors.tsv"));
  std::string row;
  while (std::getline(rows, row)) {
    if (row.rfind(std::string(vector.id) + "\t", 0) != 0) continue;
    const std::string pdu = bytes_from_hex(row.substr(row.rfind('\t') + 1));
    if (pdu.size() <= vector.short_message_offset) break;
    EXPECT_EQ(static_cast<uint8_t>(pdu[vector.short_message_offset - 3]), vector.data_coding) << vector.id;
    const auto sm_length = static_cast<uint8_t>(pdu[vector.short_message_offset - 1]);
    return pdu.substr(vector.short_message_offset, sm_length);
  }
  ADD_FAILURE() << "vector " << vector.id << " not found";
  return {};
}

class DataCodingVectorTest : public ::testing::TestWithParam<VectorCase> {};

TEST_P(DataCodingVectorTest, DecodesShortMessage) {
  const std::string short_message = short_message_of(GetParam());
  std::string_view text = short_message;
  if (GetParam().udhi) {
    const UdhParseResult parsed = parse_udh(short_message);
    ASSERT_TRUE(parsed.ok()) << udh_error_name(parsed.error);
    text = parsed.udh.payload;
  }
  const DecodedText decoded = decode_text(GetParam().data_coding, text);
  EXPECT_EQ(decoded.utf8, GetParam().utf8);
  EXPECT_FALSE(decoded.lossy);
}

INSTANTIATE_TEST_SUITE_P(VectorsTsv, DataCodingVectorTest,
                         ::testing::Values(VectorCase{"V16", 50, 0x00, false, "Hello world"},
                                           VectorCase{"V17", 57, 0x00, false, "€5 [ok]"},
                                           VectorCase{"V18", 57, 0x00, false, "@£$ Ωé_"},
                                           VectorCase{"V19", 56, 0x08, false, "Привет"},
                                           VectorCase{"V20", 56, 0x03, false, "café"},
                                           VectorCase{"V22", 57, 0x00, true, "Concatenated message, part one. "},
                                           VectorCase{"V23", 57, 0x00, true, "Part two."},
                                           VectorCase{"V24", 57, 0x08, true, "Ωx"}),
                         [](const auto& test) { return std::string(test.param.id); });

// decodes_to_itself says yes exactly where decode_text gives the octets back: every octet, alone
// and in each lane of a long text (the GSM-7 check goes 16 septets at a time).
TEST(DataCodingTest, DecodesToItselfExactlyWhereTheDecodingIsTheOctets) {
  const std::string base = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOP";
  for (const TextEncoding encoding : {TextEncoding::gsm7, TextEncoding::ia5, TextEncoding::latin1}) {
    const uint8_t data_coding = encoding == TextEncoding::gsm7 ? 0x00 : encoding == TextEncoding::ia5 ? 0x01 : 0x03;
    ASSERT_EQ(text_encoding_of(data_coding), encoding);
    for (int octet = 0; octet < 0x100; ++octet) {
      for (const size_t place : {size_t{0}, size_t{7}, size_t{15}, size_t{16}, size_t{31}, size_t{40}, base.size() - 1}) {
        std::string text = base;
        text[place] = static_cast<char>(octet);
        const DecodedText decoded = decode_text(data_coding, text);
        EXPECT_EQ(decodes_to_itself(encoding, text), !decoded.lossy && decoded.utf8 == text)
            << text_encoding_name(encoding) << " octet " << octet << " at " << place;
      }
      const std::string alone(1, static_cast<char>(octet));
      EXPECT_EQ(decodes_to_itself(encoding, alone), decode_text(data_coding, alone).utf8 == alone) << octet;
    }
  }
  EXPECT_FALSE(decodes_to_itself(TextEncoding::ucs2, "ab"));
  EXPECT_FALSE(decodes_to_itself(TextEncoding::binary, "ab"));
}

TEST(DataCodingTest, BinaryIsNeverGuessedAt) {
  for (const uint8_t data_coding : {0x02, 0x04, 0x06, 0xF4}) {
    const DecodedText decoded = decode_text(data_coding, "Hello");
    EXPECT_EQ(decoded.encoding, TextEncoding::binary);
    EXPECT_TRUE(decoded.utf8.empty());
    EXPECT_TRUE(decoded.lossy);
  }
  EXPECT_FALSE(decode_text(0x04, "").lossy);
}

TEST(Hardening09, DecodeTextUnknownDataCodingWithLongText) {
  // OpenSIPS overflowed a fixed buffer decoding reserved data_coding values.
  const std::string text(255, '\xD0');
  for (int data_coding = 0; data_coding < 256; ++data_coding) {
    const DecodedText decoded = decode_text(static_cast<uint8_t>(data_coding), text);
    EXPECT_LE(decoded.utf8.size(), 3 * text.size()) << data_coding;
    EXPECT_TRUE(is_valid_utf8(decoded.utf8)) << data_coding;
    if (decoded.encoding == TextEncoding::binary) {
      EXPECT_TRUE(decoded.utf8.empty()) << data_coding;
    }
  }
}

TEST(Hardening09, DecodeTextGsmExpansionIsBoundedByThree) {
  const DecodedText decoded = decode_text(0x00, std::string(254, '\x80'));
  EXPECT_EQ(decoded.utf8.size(), 3u * 254);
  EXPECT_TRUE(decoded.lossy);
}

TEST(Hardening09, DecodeTextOfTheLargestMessagePayloadStaysWithinThreeTimes) {
  const std::string payload(0xFFFF, '\x80');
  for (const uint8_t data_coding : {0x00, 0x01, 0x03, 0x08}) {
    EXPECT_LE(decode_text(data_coding, payload).utf8.size(), 3 * payload.size()) << int{data_coding};
  }
}

TEST(Hardening09, DecodeTextOddUcs2Length) {
  const DecodedText decoded = decode_text(0x08, bytes_from_hex("041F04"));
  EXPECT_EQ(decoded.utf8, "П\uFFFD");
  EXPECT_TRUE(decoded.lossy);
}

struct ChooserCase {
  const char* name;
  const char* utf8;
  bool allow_latin1;
  uint8_t data_coding;
  size_t units;
  const char* bytes_hex;
};

class DataCodingChooserTest : public ::testing::TestWithParam<ChooserCase> {};

TEST_P(DataCodingChooserTest, PicksSmallestAllowedEncoding) {
  const auto& param = GetParam();
  const EncodedText encoded = encode_text(param.utf8, EncodingPreference{param.allow_latin1});
  EXPECT_EQ(int{encoded.data_coding}, int{param.data_coding});
  EXPECT_EQ(encoded.encoding, text_encoding_of(param.data_coding));
  EXPECT_EQ(encoded.units, param.units);
  EXPECT_EQ(to_hex(encoded.bytes), to_hex(bytes_from_hex(param.bytes_hex)));
}

INSTANTIATE_TEST_SUITE_P(
    Texts, DataCodingChooserTest,
    ::testing::Values(ChooserCase{"Empty", "", false, 0x00, 0, ""},
                      ChooserCase{"Ascii", "Hi", false, 0x00, 2, "4869"},
                      ChooserCase{"GsmAccents", "café", true, 0x00, 4, "63616605"},
                      ChooserCase{"GsmExtensionCountsTwo", "€5 [ok]", true, 0x00, 10, "1B6535201B3C6F6B1B3E"},
                      ChooserCase{"NotGsmLatin1Refused", "garçon", false, 0x08, 6, "006700610072 00E7006F006E"},
                      ChooserCase{"NotGsmLatin1Allowed", "garçon", true, 0x03, 6, "676172E76F6E"},
                      ChooserCase{"CyrillicIsUcs2EvenWithLatin1", "Привет", true, 0x08, 6,
                                  "041F04400438043204350442"},
                      ChooserCase{"AstralCountsTwoUnits", "😀", false, 0x08, 2, "D83DDE00"},
                      ChooserCase{"MalformedUtf8IsUcs2Replacement", "a\xC3", true, 0x08, 2, "0061FFFD"}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(DataCodingTest, EncodedTextDecodesBack) {
  for (const char* text : {"Hello", "€5 [ok]", "garçon", "Привет 😀", "@£$¥èéùìòÇ", ""}) {
    for (const bool allow_latin1 : {false, true}) {
      const EncodedText encoded = encode_text(text, EncodingPreference{allow_latin1});
      const DecodedText decoded = decode_text(encoded.data_coding, encoded.bytes);
      EXPECT_EQ(decoded.utf8, text);
      EXPECT_FALSE(decoded.lossy);
    }
  }
}

TEST(DataCodingTest, EncodingNamesAreDistinct) {
  EXPECT_EQ(text_encoding_name(TextEncoding::gsm7), "gsm7");
  EXPECT_EQ(text_encoding_name(TextEncoding::ia5), "ia5");
  EXPECT_EQ(text_encoding_name(TextEncoding::latin1), "latin1");
  EXPECT_EQ(text_encoding_name(TextEncoding::ucs2), "ucs2");
  EXPECT_EQ(text_encoding_name(TextEncoding::binary), "binary");
}

}  // namespace
}  // namespace smppd::codec
