#include "host/codec/text/ucs2.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/codec/text/utf8.h"
#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;
using testing::to_hex;

struct TextCase {
  const char* name;
  const char* utf8;
  const char* utf16be_hex;
};

class Ucs2TextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(Ucs2TextTest, Encodes) {
  EXPECT_EQ(to_hex(ucs2_from_utf8(GetParam().utf8)), to_hex(bytes_from_hex(GetParam().utf16be_hex)));
}

TEST_P(Ucs2TextTest, DecodesLosslessly) {
  bool lossy = true;
  EXPECT_EQ(ucs2_to_utf8(bytes_from_hex(GetParam().utf16be_hex), lossy), GetParam().utf8);
  EXPECT_FALSE(lossy);
}

// V19 and V24 are short_message fields of tests/data/smpp/vectors.md.
INSTANTIATE_TEST_SUITE_P(Vectors, Ucs2TextTest,
                         ::testing::Values(TextCase{"V19_Privet", "Привет", "041F04400438043204350442"},
                                           TextCase{"V24_OmegaX", "Ωx", "03A90078"},
                                           TextCase{"Empty", "", ""},
                                           TextCase{"Euro", "€", "20AC"},
                                           TextCase{"LiteralReplacementCharacter", "\uFFFD", "FFFD"},
                                           TextCase{"SurrogatePairEmoji", "😀", "D83DDE00"},
                                           TextCase{"FirstAstral", "\U00010000", "D800DC00"},
                                           TextCase{"LastAstral", "\U0010FFFF", "DBFFDFFF"},
                                           TextCase{"Mixed", "a😀b", "0061D83DDE000062"}),
                         [](const auto& test) { return std::string(test.param.name); });

struct MalformedCase {
  const char* name;
  const char* utf16be_hex;
  const char* utf8;
};

class Ucs2MalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(Ucs2MalformedTest, ReplacesAndFlagsLoss) {
  bool lossy = false;
  EXPECT_EQ(ucs2_to_utf8(bytes_from_hex(GetParam().utf16be_hex), lossy), GetParam().utf8);
  EXPECT_TRUE(lossy);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, Ucs2MalformedTest,
    ::testing::Values(MalformedCase{"LoneHighAtEnd", "0041 D83D", "A\uFFFD"},
                      MalformedCase{"LoneLow", "DE00 0041", "\uFFFDA"},
                      MalformedCase{"HighThenBmp", "D83D 0041", "\uFFFDA"},
                      MalformedCase{"LowThenHigh", "DE00 D83D", "\uFFFD\uFFFD"},
                      MalformedCase{"HighHighLow", "D83D D83D DE00", "\uFFFD😀"},
                      MalformedCase{"OddSingleOctet", "00", "\uFFFD"},
                      MalformedCase{"OddTrailingOctet", "0041 00", "A\uFFFD"},
                      MalformedCase{"HighThenOddOctet", "D83D DE", "\uFFFD\uFFFD"}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(Hardening09, Ucs2OddLengthNeverReadsPastTheEnd) {
  // Exact-size heap copies, so AddressSanitizer sees a read of the missing half unit.
  const std::string full = bytes_from_hex("D83DDE00 0041 D83D");
  for (size_t size = 0; size <= full.size(); ++size) {
    const std::vector<char> exact(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size));
    bool lossy = false;
    const std::string utf8 = ucs2_to_utf8(std::string_view(exact.data(), exact.size()), lossy);
    EXPECT_TRUE(is_valid_utf8(utf8));
    EXPECT_EQ(lossy, size % 2 == 1 || size == 2 || size == 8) << size;
    EXPECT_LE(utf8.size(), 3 * ((size + 1) / 2)) << size;
  }
}

TEST(Ucs2Test, MalformedUtf8TravelsAsReplacementCharacter) {
  EXPECT_EQ(to_hex(ucs2_from_utf8("a\xFF" "b")), "0061FFFD0062");
  EXPECT_EQ(to_hex(ucs2_from_utf8("\xED\xA0\x80")), "FFFDFFFDFFFD");
}

TEST(Ucs2Test, EveryScalarValueRoundTrips) {
  std::string utf8;
  for (char32_t code_point = 0; code_point <= 0x10FFFF; ++code_point) {
    if (code_point < 0xD800 || code_point > 0xDFFF) append_utf8(utf8, code_point);
  }
  const std::string utf16 = ucs2_from_utf8(utf8);
  EXPECT_EQ(utf16.size(), 2 * (0x10000 - 0x800) + 4 * 0x100000);
  bool lossy = true;
  EXPECT_TRUE(ucs2_to_utf8(utf16, lossy) == utf8);
  EXPECT_FALSE(lossy);
}

}  // namespace
}  // namespace smppd::codec
