// Our GSM 03.38 tables against ICU's "gsm-03.38-2009" converter, an implementation written from the
// same spec by other people: a typo in either table shows up as a disagreement.
#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <optional>
#include <string>
#include <vector>

#include "host/codec/text/gsm7.h"

namespace smppd::codec {
namespace {

class Gsm7IcuTest : public ::testing::Test {
 protected:
  void SetUp() override {
    UErrorCode status = U_ZERO_ERROR;
    converter_ = ucnv_open("gsm-03.38-2009", &status);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    // Refuse instead of substituting, so "ICU cannot" is told apart from "ICU gives '?'".
    ucnv_setToUCallBack(converter_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    ucnv_setFromUCallBack(converter_, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  }

  void TearDown() override { ucnv_close(converter_); }

  // ICU's reading of unpacked septets, as UTF-8 (converted by ICU too); nullopt when ICU refuses.
  std::optional<std::string> icu_decode(const std::string& septets) {
    UErrorCode status = U_ZERO_ERROR;
    std::vector<UChar> utf16(septets.size() + 1);  // one unit per septet at most, and the NUL
    const int32_t units = ucnv_toUChars(converter_, utf16.data(), static_cast<int32_t>(utf16.size()), septets.data(),
                                        static_cast<int32_t>(septets.size()), &status);
    if (U_FAILURE(status)) return std::nullopt;
    std::vector<char> utf8(3 * static_cast<size_t>(units) + 1);
    int32_t utf8_length = 0;
    u_strToUTF8(utf8.data(), static_cast<int32_t>(utf8.size()), &utf8_length, utf16.data(), units, &status);
    if (U_FAILURE(status)) return std::nullopt;
    return std::string(utf8.data(), static_cast<size_t>(utf8_length));
  }

  // ICU's septets for one code point; nullopt when ICU refuses it.
  std::optional<std::string> icu_encode(UChar32 code_point) {
    UChar utf16[2];
    int32_t units = 0;
    U16_APPEND_UNSAFE(utf16, units, code_point);
    UErrorCode status = U_ZERO_ERROR;
    char septets[8];
    const int32_t length = ucnv_fromUChars(converter_, septets, sizeof septets, utf16, units, &status);
    if (U_FAILURE(status)) return std::nullopt;
    return std::string(septets, static_cast<size_t>(length));
  }

  static std::string utf8_of(UChar32 code_point) {
    char utf8[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(utf8, length, code_point);
    return std::string(utf8, static_cast<size_t>(length));
  }

  UConverter* converter_ = nullptr;
};

TEST_F(Gsm7IcuTest, EveryBasicSeptetDecodesLikeIcu) {
  for (int septet = 0; septet < 0x80; ++septet) {
    const std::string input(1, static_cast<char>(septet));
    const auto icu = icu_decode(input);
    ASSERT_TRUE(icu.has_value()) << septet;
    // For 0x1B alone both give a space: 23.038's display rule for an escape with nothing after it.
    EXPECT_EQ(gsm7_to_utf8(input), *icu) << "septet 0x" << std::hex << septet;
  }
}

TEST_F(Gsm7IcuTest, EveryExtensionPairDecodesLikeIcu) {
  int defined = 0;
  for (int code = 0; code < 0x80; ++code) {
    const std::string input = {static_cast<char>(kGsm7Escape), static_cast<char>(code)};
    const auto icu = icu_decode(input);
    ASSERT_TRUE(icu.has_value()) << code;
    const std::string ours = gsm7_to_utf8(input);
    if (icu->size() > 1 && (*icu)[0] == ' ') {
      // An undefined extension code: ICU shows a space, then the basic-table character; we follow
      // 23.038's receiver rule and show only the character.
      EXPECT_EQ(" " + ours, *icu) << "code 0x" << std::hex << code;
    } else {
      // The ten defined pairs, and ESC ESC, which both render as one space.
      EXPECT_EQ(ours, *icu) << "code 0x" << std::hex << code;
      if (code != kGsm7Escape) ++defined;
    }
  }
  EXPECT_EQ(defined, 10);
}

TEST_F(Gsm7IcuTest, TextsThatLeaveAsciiAnywhereDecodeLikeIcu) {
  // The decoder copies ASCII runs octet by octet and switches to the general path at the first
  // septet that is not one ASCII octet: texts that switch at every position, into letters,
  // Greek, Latin-1 and escape pairs, must read as ICU reads them.
  const std::string others("\x00\x01\x10\x24\x40\x5B\x7F", 7);
  const std::string escapes[] = {"\x1B\x28", "\x1B\x65", "\x1B\x40"};
  uint64_t state = 7;
  const auto next = [&state](uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const size_t length = next(200);
    while (input.size() < length) {
      const uint64_t pick = next(20);
      if (pick == 0) {
        input += others[next(others.size())];
      } else if (pick == 1) {
        input += escapes[next(3)];
      } else {
        input += static_cast<char>('a' + next(26));
      }
    }
    const auto icu = icu_decode(input);
    ASSERT_TRUE(icu.has_value()) << round;
    ASSERT_EQ(gsm7_to_utf8(input), *icu) << "round " << round;
  }
}

TEST_F(Gsm7IcuTest, EverySeptetAtEveryPlaceOfALongAsciiTextDecodesLikeIcu) {
  // ASCII runs are copied 16 septets at a time where every one is its own octet: each septet
  // (the escape aside, which joins the next) in each lane of three blocks, and in the tail.
  const std::string base = "The quick brown fox, 42 (jumps) over the lazy dog!?\r\n";
  ASSERT_GT(base.size(), 48u);
  for (size_t place = 0; place < base.size(); ++place) {
    for (int septet = 0; septet < 0x80; ++septet) {
      if (septet == 0x1B) continue;
      std::string input = base;
      input[place] = static_cast<char>(septet);
      const auto icu = icu_decode(input);
      ASSERT_TRUE(icu.has_value()) << place << " " << septet;
      ASSERT_EQ(gsm7_to_utf8(input), *icu) << "septet " << septet << " at " << place;
    }
  }
}

TEST_F(Gsm7IcuTest, EveryCodePointEncodesLikeIcu) {
  int encodable = 0;
  for (UChar32 code_point = 0; code_point <= 0x10FFFF; ++code_point) {
    if (U_IS_SURROGATE(code_point)) continue;
    const auto icu = icu_encode(code_point);
    const auto ours = gsm7_from_utf8(utf8_of(code_point));
    if (icu.has_value() && icu->empty()) {
      // ICU's STOP callback silently drops unmappable default-ignorable code points (soft hyphen,
      // ZWJ, BOM, tags...). That is not a mapping: we refuse them so nothing vanishes unnoticed.
      EXPECT_TRUE(u_hasBinaryProperty(code_point, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) << code_point;
      EXPECT_FALSE(ours.has_value()) << "U+" << std::hex << code_point;
      continue;
    }
    ASSERT_EQ(ours, icu) << "U+" << std::hex << code_point;
    if (ours) {
      ++encodable;
      EXPECT_EQ(gsm7_septet_count(utf8_of(code_point)), ours->size());
    }
  }
  EXPECT_EQ(encodable, 127 + 10);  // the basic table without ESC, and the extension table
}

}  // namespace
}  // namespace smppd::codec
