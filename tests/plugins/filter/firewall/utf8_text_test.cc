// The firewall's bit of Unicode: code points, word characters, case folding, fingerprints.
#include <gtest/gtest.h>

#include <string>

#include "plugins/filter/firewall/utf8_text.h"

namespace smppd::plugins::firewall {
namespace {

TEST(Utf8TextTest, ReadsCodePointsForwardAndBackward) {
  const std::string text = "aé€😀";
  size_t at = 0;
  EXPECT_EQ(next_code_point(text, &at), U'a');
  EXPECT_EQ(next_code_point(text, &at), U'é');
  EXPECT_EQ(next_code_point(text, &at), U'€');
  EXPECT_EQ(next_code_point(text, &at), U'😀');
  EXPECT_EQ(at, text.size());
  EXPECT_EQ(code_point_before(text, text.size()), U'😀');
  EXPECT_EQ(code_point_before(text, 3), U'é');
  EXPECT_EQ(count_code_points(text), 4u);
}

TEST(Utf8TextTest, MalformedInputBecomesReplacementCharacters) {
  const std::string bad = std::string("ok") + '\xC3' + "x" + '\xFF' + "\xE2\x82";  // truncated, invalid, truncated
  EXPECT_FALSE(is_valid_utf8(bad));
  const std::string clean = sanitize_utf8(bad);
  EXPECT_TRUE(is_valid_utf8(clean));
  EXPECT_EQ(clean, "ok\xEF\xBF\xBDx\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBD"));  // a real U+FFFD is fine
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));     // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate
}

TEST(Utf8TextTest, WordCharactersCoverLatinGreekCyrillic) {
  for (const char32_t c : {U'a', U'Z', U'0', U'_', U'é', U'ß', U'ł', U'ő', U'Ω', U'ж', U'ệ'}) {
    EXPECT_TRUE(is_word_code_point(c)) << static_cast<uint32_t>(c);
  }
  for (const char32_t c : {U' ', U'.', U'!', U'×', U'÷', U'€', U'中', U'😀', U'\n'}) {
    EXPECT_FALSE(is_word_code_point(c)) << static_cast<uint32_t>(c);
  }
}

TEST(Utf8TextTest, FoldsCapitalsOfLatinGreekAndCyrillic) {
  EXPECT_EQ(fold_case(U'A'), U'a');
  EXPECT_EQ(fold_case(U'É'), U'é');
  EXPECT_EQ(fold_case(U'Ł'), U'ł');
  EXPECT_EQ(fold_case(U'Ž'), U'ž');
  EXPECT_EQ(fold_case(U'Ÿ'), U'ÿ');
  EXPECT_EQ(fold_case(U'İ'), U'i');
  EXPECT_EQ(fold_case(U'Ω'), U'ω');
  EXPECT_EQ(fold_case(U'Ж'), U'ж');
  EXPECT_EQ(fold_case(U'Ё'), U'ё');
  EXPECT_EQ(fold_case(U'ß'), U'ß');
  EXPECT_EQ(fold_case(U'×'), U'×');
}

TEST(Utf8TextTest, FingerprintsIgnoreCaseSpacingPunctuationAndNumbers) {
  EXPECT_EQ(normalize_for_fingerprint("  Your CODE is: 1234!! "), "your code is 0000");
  EXPECT_EQ(normalize_for_fingerprint("your code is 9876"), "your code is 0000");
  EXPECT_EQ(normalize_for_fingerprint("ÉTÉ — été"), "été été");
  EXPECT_EQ(fnv1a64(normalize_for_fingerprint("Win a car")), fnv1a64(normalize_for_fingerprint("win, a CAR.")));
  EXPECT_NE(fnv1a64("win a car"), fnv1a64("win a cat"));
}

}  // namespace
}  // namespace smppd::plugins::firewall
