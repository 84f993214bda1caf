// How many parts a message costs: the segment limits of each alphabet, GSM 03.38's escapes, UTF-16
// surrogates, and parts the client split itself.
#include "plugins/filter/credit/parts.h"

#include <gtest/gtest.h>

#include <string>

namespace smppd::plugins::credit {
namespace {

std::string repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

struct SegmentCase {
  Alphabet alphabet;
  uint64_t units;
  uint32_t parts;
};

TEST(PartsTest, SegmentLimitsOfEachAlphabet) {
  const SegmentCase cases[] = {
      {Alphabet::gsm7, 0, 1},     {Alphabet::gsm7, 1, 1},     {Alphabet::gsm7, 160, 1},   {Alphabet::gsm7, 161, 2},
      {Alphabet::gsm7, 306, 2},   {Alphabet::gsm7, 307, 3},   {Alphabet::gsm7, 459, 3},   {Alphabet::gsm7, 460, 4},
      {Alphabet::ucs2, 70, 1},    {Alphabet::ucs2, 71, 2},    {Alphabet::ucs2, 134, 2},   {Alphabet::ucs2, 135, 3},
      {Alphabet::octets, 140, 1}, {Alphabet::octets, 141, 2}, {Alphabet::octets, 268, 2}, {Alphabet::octets, 269, 3},
  };
  for (const SegmentCase& c : cases) {
    EXPECT_EQ(segments(c.alphabet, c.units), c.parts) << static_cast<int>(c.alphabet) << " with " << c.units << " units";
  }
}

TEST(PartsTest, Gsm7EscapesCountTwoSeptets) {
  EXPECT_EQ(gsm7_septets("hello"), 5u);
  EXPECT_EQ(gsm7_septets(""), 0u);
  EXPECT_EQ(gsm7_septets("\xE2\x82\xAC"), 2u);  // the euro sign
  EXPECT_EQ(gsm7_septets("[]{}~^|\\"), 16u);
  EXPECT_EQ(gsm7_septets("\f"), 2u);
  EXPECT_EQ(gsm7_septets("\xC3\xA9\xC3\xBC"), 2u);  // é ü: in the basic table
  EXPECT_EQ(gsm7_septets("\xCE\x94"), 1u);          // Δ
  // 80 euro signs fill one part exactly; one more makes two.
  EXPECT_EQ(segments(Alphabet::gsm7, gsm7_septets(repeat("\xE2\x82\xAC", 80))), 1u);
  EXPECT_EQ(segments(Alphabet::gsm7, gsm7_septets(repeat("\xE2\x82\xAC", 80) + "a")), 2u);
}

TEST(PartsTest, Ucs2CountsUtf16UnitsAndMalformedUtf8CountsPerOctet) {
  EXPECT_EQ(ucs2_units("abc"), 3u);
  EXPECT_EQ(ucs2_units("\xE4\xBD\xA0\xE5\xA5\xBD"), 2u);        // 你好
  EXPECT_EQ(ucs2_units("\xF0\x9F\x98\x80"), 2u);                // an emoji: a surrogate pair
  EXPECT_EQ(ucs2_units("\xFF\xFE"), 2u);                        // not UTF-8: one each
  EXPECT_EQ(gsm7_septets("\xE2\x82"), 2u);                      // a cut-off character
  EXPECT_EQ(segments(Alphabet::ucs2, ucs2_units(repeat("\xF0\x9F\x98\x80", 35))), 1u);
  EXPECT_EQ(segments(Alphabet::ucs2, ucs2_units(repeat("\xF0\x9F\x98\x80", 36))), 2u);
}

TEST(PartsTest, APartTheClientSplitCostsOneWhateverItsLength) {
  const std::string long_text(400, 'x');
  EXPECT_EQ(parts_of({Alphabet::gsm7, long_text, long_text.size(), false}), 3u);
  EXPECT_EQ(parts_of({Alphabet::gsm7, long_text, long_text.size(), true}), 1u);
  EXPECT_EQ(parts_of({Alphabet::octets, {}, 300, false}), 3u);
  EXPECT_EQ(parts_of({Alphabet::octets, {}, 300, true}), 1u);
  EXPECT_EQ(parts_of({Alphabet::ucs2, repeat("\xC3\xA9", 71), 142, false}), 2u);
  EXPECT_EQ(parts_of({Alphabet::gsm7, {}, 0, false}), 1u);
}

}  // namespace
}  // namespace smppd::plugins::credit
