#include "host/codec/text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;
using testing::to_hex;

std::vector<char32_t> code_points_of(std::string_view utf8) {
  std::vector<char32_t> out;
  while (!utf8.empty()) out.push_back(next_code_point(utf8));
  return out;
}

struct AppendCase {
  char32_t code_point;
  const char* utf8_hex;
};

class Utf8AppendTest : public ::testing::TestWithParam<AppendCase> {};

TEST_P(Utf8AppendTest, EncodesShortestForm) {
  std::string out;
  append_utf8(out, GetParam().code_point);
  EXPECT_EQ(to_hex(out), GetParam().utf8_hex);
}

INSTANTIATE_TEST_SUITE_P(Boundaries, Utf8AppendTest,
                         ::testing::Values(AppendCase{0x00, "00"}, AppendCase{0x7F, "7F"},
                                           AppendCase{0x80, "C280"}, AppendCase{0x7FF, "DFBF"},
                                           AppendCase{0x800, "E0A080"}, AppendCase{0x20AC, "E282AC"},
                                           AppendCase{0xFFFF, "EFBFBF"}, AppendCase{0x10000, "F0908080"},
                                           AppendCase{0x1F600, "F09F9880"}, AppendCase{0x10FFFF, "F48FBFBF"},
                                           // Not characters: replaced so the output stays valid UTF-8.
                                           AppendCase{0xD800, "EFBFBD"}, AppendCase{0xDFFF, "EFBFBD"},
                                           AppendCase{0x110000, "EFBFBD"}, AppendCase{0xFFFFFFFF, "EFBFBD"}));

struct DecodeCase {
  const char* name;
  const char* utf8_hex;
  std::vector<char32_t> code_points;
};

class Utf8DecodeTest : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(Utf8DecodeTest, YieldsCodePointsOrMaximalSubpartReplacements) {
  EXPECT_EQ(code_points_of(bytes_from_hex(GetParam().utf8_hex)), GetParam().code_points);
}

constexpr char32_t kFffd = kReplacementCharacter;

INSTANTIATE_TEST_SUITE_P(
    Sequences, Utf8DecodeTest,
    ::testing::Values(
        DecodeCase{"Ascii", "41 00 7F", {0x41, 0x00, 0x7F}},
        DecodeCase{"TwoThreeFourBytes", "C3A9 E282AC F09F9880", {0xE9, 0x20AC, 0x1F600}},
        DecodeCase{"LiteralReplacementCharacter", "EFBFBD", {kFffd}},
        DecodeCase{"StrayContinuation", "80 41", {kFffd, 0x41}},
        DecodeCase{"OverlongTwoByte", "C0 80", {kFffd, kFffd}},
        DecodeCase{"OverlongC1", "C1 BF", {kFffd, kFffd}},
        DecodeCase{"OverlongThreeByte", "E0 80 80", {kFffd, kFffd, kFffd}},
        DecodeCase{"OverlongFourByte", "F0 8F BF BF", {kFffd, kFffd, kFffd, kFffd}},
        DecodeCase{"EncodedSurrogate", "ED A0 80", {kFffd, kFffd, kFffd}},
        DecodeCase{"AboveMax", "F4 90 80 80", {kFffd, kFffd, kFffd, kFffd}},
        DecodeCase{"LeadF5", "F5 80 80 80", {kFffd, kFffd, kFffd, kFffd}},
        DecodeCase{"ByteFF", "FF", {kFffd}},
        DecodeCase{"TruncatedThreeByteIsOneReplacement", "E2 82", {kFffd}},
        DecodeCase{"TruncatedThenAscii", "E2 82 41", {kFffd, 0x41}},
        DecodeCase{"TruncatedFourByteIsOneReplacement", "F0 9F 98", {kFffd}},
        DecodeCase{"LeadThenLead", "C3 C3 A9", {kFffd, 0xE9}}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(Utf8Test, EmptyInputYieldsReplacementAndStaysEmpty) {
  std::string_view empty;
  EXPECT_EQ(next_code_point(empty), kReplacementCharacter);
  EXPECT_TRUE(empty.empty());
}

TEST(Utf8Test, EveryStepConsumesAtLeastOneByte) {
  // Every lead byte followed by every possible second byte, then a truncated tail: the decoder must
  // make progress on each step or this loop would never end.
  for (int lead = 0; lead < 256; ++lead) {
    for (int second = 0; second < 256; ++second) {
      const std::string input = {static_cast<char>(lead), static_cast<char>(second), '\x80'};
      std::string_view rest = input;
      size_t steps = 0;
      while (!rest.empty()) {
        const size_t before = rest.size();
        next_code_point(rest);
        ASSERT_LT(rest.size(), before);
        ++steps;
      }
      EXPECT_LE(steps, input.size());
    }
  }
}

TEST(Utf8Test, EveryScalarValueRoundTrips) {
  for (char32_t code_point = 0; code_point <= 0x10FFFF; ++code_point) {
    if (code_point >= 0xD800 && code_point <= 0xDFFF) continue;
    std::string utf8;
    append_utf8(utf8, code_point);
    std::string_view view = utf8;
    ASSERT_EQ(next_code_point(view), code_point);
    ASSERT_TRUE(view.empty());
  }
}

TEST(Utf8Test, ValidityCheckTellsLiteralReplacementFromMalformed) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("héllo €😀"));
  EXPECT_TRUE(is_valid_utf8(bytes_from_hex("EFBFBD")));
  EXPECT_FALSE(is_valid_utf8(bytes_from_hex("ED A0 80")));
  EXPECT_FALSE(is_valid_utf8(bytes_from_hex("41 E2 82")));
  EXPECT_FALSE(is_valid_utf8(bytes_from_hex("C0 80")));
}

}  // namespace
}  // namespace smppd::codec
