#include "host/codec/receipt/message_state.h"

#include <gtest/gtest.h>

#include <string>

namespace smppd::codec {
namespace {

struct StateCase {
  uint8_t value;
  MessageState state;
  std::string_view word;
  std::string_view name;
  bool final;
};

// SMPP.md section 8 table: value, 7-letter word, final or not.
constexpr StateCase kStates[] = {
    {0, MessageState::scheduled, "SCHEDLD", "SCHEDULED", false},
    {1, MessageState::enroute, "ENROUTE", "ENROUTE", false},
    {2, MessageState::delivered, "DELIVRD", "DELIVERED", true},
    {3, MessageState::expired, "EXPIRED", "EXPIRED", true},
    {4, MessageState::deleted, "DELETED", "DELETED", true},
    {5, MessageState::undeliverable, "UNDELIV", "UNDELIVERABLE", true},
    {6, MessageState::accepted, "ACCEPTD", "ACCEPTED", true},
    {7, MessageState::unknown, "UNKNOWN", "UNKNOWN", false},
    {8, MessageState::rejected, "REJECTD", "REJECTED", true},
    {9, MessageState::skipped, "SKIPPED", "SKIPPED", true},
};

class MessageStateTable : public ::testing::TestWithParam<StateCase> {};

TEST_P(MessageStateTable, ValueMapsToState) {
  EXPECT_EQ(message_state_from_value(GetParam().value), GetParam().state);
  EXPECT_EQ(static_cast<uint8_t>(GetParam().state), GetParam().value);
}

TEST_P(MessageStateTable, StatWordIsTheSevenLetterForm) {
  EXPECT_EQ(stat_word(GetParam().state), GetParam().word);
  EXPECT_EQ(stat_word(GetParam().state).size(), 7u);
}

TEST_P(MessageStateTable, NameIsTheSpecName) { EXPECT_EQ(message_state_name(GetParam().state), GetParam().name); }

TEST_P(MessageStateTable, StatWordParsesBackInAnyCase) {
  std::string word(GetParam().word);
  EXPECT_EQ(parse_stat_word(word), GetParam().state);
  for (char& c : word) c = static_cast<char>(c - 'A' + 'a');
  EXPECT_EQ(parse_stat_word(word), GetParam().state) << word;
  word[0] = static_cast<char>(word[0] - 'a' + 'A');
  EXPECT_EQ(parse_stat_word(word), GetParam().state) << word;
}

TEST_P(MessageStateTable, SpecNameParses) { EXPECT_EQ(parse_stat_word(GetParam().name), GetParam().state); }

TEST_P(MessageStateTable, FinalStates) { EXPECT_EQ(is_final(GetParam().state), GetParam().final); }

INSTANTIATE_TEST_SUITE_P(AllStates, MessageStateTable, ::testing::ValuesIn(kStates),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(MessageState, ValuesBeyondNineAreNotStates) {
  EXPECT_FALSE(message_state_from_value(10).has_value());
  EXPECT_FALSE(message_state_from_value(0x7F).has_value());
  EXPECT_FALSE(message_state_from_value(0xFF).has_value());
}

struct WordCase {
  std::string_view word;
  std::optional<MessageState> state;
};

// Long forms SMSCs write instead of the 7-letter words, and words that must not be guessed at.
constexpr WordCase kWords[] = {
    {"Delivered", MessageState::delivered},
    {"UNDELIVERED", MessageState::undeliverable},
    {"undeliverable", MessageState::undeliverable},
    {"Accepted", MessageState::accepted},
    {"REJECTED", MessageState::rejected},
    {"Scheduled", MessageState::scheduled},
    {"expired", MessageState::expired},
    {"deleted", MessageState::deleted},
    {"EnRoute", MessageState::enroute},
    {"", std::nullopt},
    {"DELIVR", std::nullopt},
    {"DELIVRDX", std::nullopt},
    {" DELIVRD", std::nullopt},
    {"FAILED", std::nullopt},
    {"2", std::nullopt},
    {std::string_view("DELIVRD\0", 8), std::nullopt},
};

TEST(MessageState, ParsesLongFormsAndRejectsOtherWords) {
  for (const auto& c : kWords) EXPECT_EQ(parse_stat_word(c.word), c.state) << '"' << c.word << '"';
}

TEST(MessageState, OutOfEnumValueIsHandled) {
  const auto bogus = static_cast<MessageState>(200);
  EXPECT_EQ(stat_word(bogus), "UNKNOWN");
  EXPECT_FALSE(is_final(bogus));
}

}  // namespace
}  // namespace smppd::codec
