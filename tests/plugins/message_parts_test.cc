// Parts counting (smppd/cxx/message_parts.hpp), the one table of expectations for every plugin
// that limits or bills by parts: how many segments a PDU costs, by alphabet, with the greedy split
// that never separates an escape from its character or the halves of a surrogate pair.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smppd/cxx/message_parts.hpp"

namespace smppd::cxx {
namespace {

std::string times(int count, std::string_view piece) {
  std::string text;
  for (int i = 0; i < count; ++i) text += piece;
  return text;
}

struct TextCase {
  std::string name;
  std::string utf8;
  uint32_t segments;
};

TEST(MessagePartsTest, Gsm7Segments) {
  const std::vector<TextCase> cases = {
      {"empty", "", 1},
      {"one_char", "a", 1},
      {"full_single", times(160, "a"), 1},
      {"one_over", times(161, "a"), 2},
      {"two_full_parts", times(306, "a"), 2},
      {"third_part", times(307, "a"), 3},
      {"escapes_fill_a_single", times(80, "{"), 1},          // 160 septets
      {"escape_pushes_over", times(159, "a") + "{", 2},      // 161 septets
      {"euro_counts_two", times(81, "\u20AC"), 2},           // 162 septets
      {"every_extension_char", "|^\u20AC{}[]~\\\f", 1},      // 20 septets
      {"escape_never_straddles", times(152, "a") + "{" + times(152, "a"), 3},  // 306 septets, yet 3
      {"basic_table_latin", times(160, "\u00E9"), 1},        // é is one septet
      {"unrepresentable_counts_one", times(160, "\u00E2"), 1},
      {"ten_parts", times(1530, "a"), 10},
      {"ascii_then_latin_over", times(160, "a") + "\u00E9", 2},  // leaves the ASCII count at the end
      {"latin_first_then_ascii", "\u00E9" + times(159, "a"), 1},
  };
  for (const TextCase& c : cases) EXPECT_EQ(gsm7_segments(c.utf8), c.segments) << c.name;
}

TEST(MessagePartsTest, Ucs2Segments) {
  const std::vector<TextCase> cases = {
      {"empty", "", 1},
      {"full_single", times(70, "\u0436"), 1},
      {"one_over", times(71, "\u0436"), 2},
      {"two_full_parts", times(134, "\u0436"), 2},
      {"third_part", times(135, "\u0436"), 3},
      {"ascii_in_ucs2", times(70, "a"), 1},
      {"pairs_fill_a_single", times(35, "\U0001F600"), 1},    // 70 units
      {"pairs_over", times(36, "\U0001F600"), 2},             // 72 units
      {"pair_never_straddles", times(66, "\u0436") + "\U0001F600" + times(66, "\u0436"), 3},  // 134 units, yet 3
  };
  for (const TextCase& c : cases) EXPECT_EQ(ucs2_segments(c.utf8), c.segments) << c.name;
}

TEST(MessagePartsTest, OctetSegments) {
  const std::vector<std::pair<size_t, uint32_t>> cases = {{0, 1}, {1, 1}, {140, 1}, {141, 2}, {268, 2}, {269, 3}, {1340, 10}};
  for (const auto& [octets, segments] : cases) EXPECT_EQ(octet_segments(octets), segments) << octets;
}

TEST(MessagePartsTest, APartOfAConcatenatedMessageCostsOneWhateverItsLength) {
  PartsInput input;
  input.concatenation_part = true;
  input.utf8 = "x";
  const std::string long_text = times(400, "a");
  input.utf8 = long_text;
  EXPECT_EQ(parts_of(input), 1u);
  input.concatenation_part = false;
  EXPECT_EQ(parts_of(input), 3u);
}

TEST(MessagePartsTest, PartsOfPicksTheAlphabetsRule) {
  const std::string text = times(100, "a");
  PartsInput input;
  input.utf8 = text;
  input.alphabet = Alphabet::gsm7;
  EXPECT_EQ(parts_of(input), 1u);
  input.alphabet = Alphabet::ucs2;
  EXPECT_EQ(parts_of(input), 2u);
  input.alphabet = Alphabet::octets;
  input.octets = 300;
  EXPECT_EQ(parts_of(input), 3u) << "octets count the user data, not the text";
}

TEST(MessagePartsTest, TheAsciiShortcutAgreesWithTheGreedyCount) {
  // gsm7_segments counts short ASCII texts without decoding them; texts around one part's 160
  // septets, rich in extension characters, must come out as the character by character count.
  const std::string alphabet = "ab {}[]~\\|^\f01\x7F";
  uint64_t state = 12345;
  for (int round = 0; round < 20000; ++round) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const size_t length = 100 + (state >> 33) % 80;
    std::string text;
    for (size_t i = 0; i < length; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += alphabet[(state >> 33) % alphabet.size()];
    }
    ASSERT_EQ(gsm7_segments(text), parts_detail::segments(text, parts_detail::kGsm7, gsm7_septets)) << text;
  }
}

TEST(MessagePartsTest, PartsInputReadsTheAlphabetFromTheEncoding) {
  const std::string udh("\x05\x00\x03\x01\x02\x01", 6);
  const std::string text = times(100, "a");
  EXPECT_EQ(parts_of(parts_input(SMPPD_TEXT_GSM7, false, text, text, false)), 1u);
  EXPECT_EQ(parts_of(parts_input(SMPPD_TEXT_LATIN1, false, text, text, false)), 1u) << "Latin-1 goes as GSM-7";
  EXPECT_EQ(parts_of(parts_input(SMPPD_TEXT_UCS2, false, text, text, false)), 2u);
  EXPECT_EQ(parts_of(parts_input(SMPPD_TEXT_UCS2, true, text, text, false)), 1u) << "a part of a concatenated one";
  const std::string octets = udh + std::string(140, 'x');
  EXPECT_EQ(parts_of(parts_input(SMPPD_TEXT_BINARY, false, "", octets, true)), 1u) << "140 octets after the UDH";
  EXPECT_EQ(parts_of(parts_input(SMPPD_TEXT_BINARY, false, "", octets, false)), 2u) << "146 octets";
}

TEST(MessagePartsTest, SeptetsPerCharacter) {
  EXPECT_EQ(gsm7_septets(U'a'), 1u);
  EXPECT_EQ(gsm7_septets(U'@'), 1u);
  for (const char32_t c : {U'|', U'^', U'\u20AC', U'{', U'}', U'[', U']', U'~', U'\\', U'\f'}) {
    EXPECT_EQ(gsm7_septets(c), 2u) << static_cast<uint32_t>(c);
  }
}

TEST(MessagePartsTest, UserDataWithoutItsHeader) {
  const std::string udh("\x05\x00\x03\x01\x02\x01", 6);
  EXPECT_EQ(user_data_octets(udh + "0123456789", true), 10u);
  EXPECT_EQ(user_data_octets(udh + "0123456789", false), 16u);
  EXPECT_EQ(user_data_octets(std::string("\x09\x00", 2), true), 0u) << "a header longer than the data";
  EXPECT_EQ(user_data_octets("", true), 0u);
}

TEST(MessagePartsTest, BrokenUtf8CountsOneUnitPerBadOctet) {
  EXPECT_EQ(gsm7_segments(times(160, "\xFF")), 1u);
  EXPECT_EQ(gsm7_segments(times(161, "\xFF")), 2u);
  EXPECT_EQ(ucs2_segments(std::string("\xE2\x82", 2)), 1u) << "a truncated sequence";
}

}  // namespace
}  // namespace smppd::cxx
