#include "host/codec/time/smpp_time.h"

#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace smppd::codec {
namespace {

using namespace std::chrono;

constexpr SmppTime absolute(int year, int month, int day, int hour, int minute, int second, int tenths,
                            int offset) {
  return SmppTime{SmppTimeKind::absolute,     static_cast<int16_t>(year),  static_cast<uint8_t>(month),
                  static_cast<uint8_t>(day),  static_cast<uint8_t>(hour),  static_cast<uint8_t>(minute),
                  static_cast<uint8_t>(second), static_cast<uint8_t>(tenths), static_cast<int8_t>(offset)};
}

constexpr SmppTime relative(int years, int months, int days_, int hours_, int minutes_, int seconds_) {
  return SmppTime{SmppTimeKind::relative,      static_cast<int16_t>(years),    static_cast<uint8_t>(months),
                  static_cast<uint8_t>(days_),   static_cast<uint8_t>(hours_),   static_cast<uint8_t>(minutes_),
                  static_cast<uint8_t>(seconds_), 0,                            0};
}

SmppInstant at(year_month_day date, milliseconds since_midnight = {}) { return sys_days{date} + since_midnight; }

// ---------------------------------------------------------------------------------------------
// Fields that parse.

struct GoodCase {
  std::string name;
  std::string text;
  SmppTime time;
  std::optional<SmppInstant> utc;  // absolute only
};

std::vector<GoodCase> good_cases() {
  return {
      // SMPP.md 8 and V21's schedule_delivery_time: 23:59:59.1 local at UTC+1h
      {"SpecAbsolute", "250131235959104+", absolute(2025, 1, 31, 23, 59, 59, 1, 4),
       at(2025y / January / 31, 22h + 59min + 59s + 100ms)},
      // V40's final_date
      {"V40FinalDate", "250101120100000+", absolute(2025, 1, 1, 12, 1, 0, 0, 0), at(2025y / January / 1, 12h + 1min)},
      {"WestOfUtc", "250101000000004-", absolute(2025, 1, 1, 0, 0, 0, 0, -4), at(2025y / January / 1, 1h)},
      {"OffsetAcrossYearEnd", "250101003000008+", absolute(2025, 1, 1, 0, 30, 0, 0, 8),
       at(2024y / December / 31, 22h + 30min)},
      {"MaxOffsetEast", "250615120000948+", absolute(2025, 6, 15, 12, 0, 0, 9, 48), at(2025y / June / 15, 900ms)},
      {"MaxOffsetWest", "250615120000048-", absolute(2025, 6, 15, 12, 0, 0, 0, -48), at(2025y / June / 16)},
      {"MinusZeroIsUtc", "250615120000000-", absolute(2025, 6, 15, 12, 0, 0, 0, 0), at(2025y / June / 15, 12h)},
      {"LeapDay2024", "240229120000000+", absolute(2024, 2, 29, 12, 0, 0, 0, 0), at(2024y / February / 29, 12h)},
      {"LeapDay2000", "000229000000000+", absolute(2000, 2, 29, 0, 0, 0, 0, 0), at(2000y / February / 29)},
      {"PivotLowEnd", "380101000000000+", absolute(1938, 1, 1, 0, 0, 0, 0, 0), at(1938y / January / 1)},
      {"PivotHighEnd", "371231235959900+", absolute(2037, 12, 31, 23, 59, 59, 9, 0),
       at(2037y / December / 31, 23h + 59min + 59s + 900ms)},
      {"Year99", "991231000000000+", absolute(1999, 12, 31, 0, 0, 0, 0, 0), at(1999y / December / 31)},
      {"EndOfApril", "250430235959000+", absolute(2025, 4, 30, 23, 59, 59, 0, 0),
       at(2025y / April / 30, 23h + 59min + 59s)},
      // SMPP.md 8 and V21's validity_period: one day
      {"SpecRelativeOneDay", "000001000000000R", relative(0, 0, 1, 0, 0, 0), std::nullopt},
      // the spec's own example: 2 years, 6 months, 10 days, 23:34:29
      {"SpecRelativeExample", "020610233429000R", relative(2, 6, 10, 23, 34, 29), std::nullopt},
      {"RelativeZero", "000000000000000R", relative(0, 0, 0, 0, 0, 0), std::nullopt},
      // a duration, not a clock: 99 of everything is read as written
      {"RelativeAllNines", "999999999999000R", relative(99, 99, 99, 99, 99, 99), std::nullopt},
  };
}

void PrintTo(const GoodCase& c, std::ostream* os) { *os << c.name; }

class SmppTimeGood : public ::testing::TestWithParam<GoodCase> {};

TEST_P(SmppTimeGood, Parses) {
  const auto result = parse_smpp_time(GetParam().text);
  ASSERT_TRUE(result.ok()) << describe(result.error);
  EXPECT_EQ(result.time, GetParam().time);
}

TEST_P(SmppTimeGood, ConvertsAbsoluteToUtc) {
  EXPECT_EQ(absolute_to_utc(GetParam().time), GetParam().utc);
  if (GetParam().utc) {
    EXPECT_EQ(resolve_smpp_time(GetParam().time, SmppInstant{}), GetParam().utc);
  }
}

TEST_P(SmppTimeGood, FormatsBack) {
  std::string expected = GetParam().text;
  if (expected.substr(13) == "00-") expected[15] = '+';  // an offset of zero is written with '+'
  EXPECT_EQ(format_smpp_time(GetParam().time), expected);
}

TEST_P(SmppTimeGood, AbsoluteFormatsFromItsInstant) {
  if (!GetParam().utc) return;
  EXPECT_EQ(parse_smpp_time(*format_absolute_time(*GetParam().utc, GetParam().time.utc_offset_quarter_hours)).time,
            GetParam().time);
}

INSTANTIATE_TEST_SUITE_P(Cases, SmppTimeGood, ::testing::ValuesIn(good_cases()),
                         [](const auto& p) { return p.param.name; });

TEST(SmppTime, EmptyIsUnset) {
  const auto result = parse_smpp_time("");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.time.kind, SmppTimeKind::unset);
  EXPECT_EQ(format_smpp_time(result.time), "");
  EXPECT_EQ(resolve_smpp_time(result.time, SmppInstant{}), std::nullopt);
}

TEST(SmppTime, PivotIsConfigurable) {
  const TimeOptions window_2000{2000};
  EXPECT_EQ(parse_smpp_time("500101000000000+", window_2000).time.year, 2050);
  EXPECT_EQ(parse_smpp_time("990101000000000+", window_2000).time.year, 2099);
  EXPECT_EQ(parse_smpp_time("000101000000000+", window_2000).time.year, 2000);
  const TimeOptions window_1900{1900};
  // 1900 is not a leap year, so the same text that is valid in 2000 is not in 1900
  EXPECT_EQ(parse_smpp_time("000229000000000+", window_1900).error, SmppTimeError::day_out_of_range);
  EXPECT_EQ(parse_smpp_time("000229000000000+").error, SmppTimeError::none);
  EXPECT_EQ(parse_smpp_time("370101000000000+", TimeOptions{-5000}).time.year, 37);  // clamped to 0
}

// ---------------------------------------------------------------------------------------------
// Fields that do not parse: every error kind.

struct BadCase {
  std::string name;
  std::string text;
  SmppTimeError error;
};

std::vector<BadCase> bad_cases() {
  using E = SmppTimeError;
  return {
      {"Short", "25013123595910+", E::wrong_length},
      {"Long", "250131235959104+0", E::wrong_length},
      {"WithNul", std::string("250131235959104+\0", 17), E::wrong_length},
      {"LoneNulKept", std::string("\0", 1), E::wrong_length},
      {"Letter", "25013123595910a+", E::not_a_digit},
      {"SpaceInDate", "2501 1235959104+", E::not_a_digit},
      {"NulInside", std::string("2501\0001235959104+", 16), E::not_a_digit},
      {"SignInNn", "25013123595910+4", E::not_a_digit},
      {"SignX", "250131235959104X", E::bad_sign},
      {"SignLowerR", "000001000000000r", E::bad_sign},
      {"SignSpace", "250131235959104 ", E::bad_sign},
      {"Month00", "250031235959104+", E::month_out_of_range},
      {"Month13", "251331235959104+", E::month_out_of_range},
      {"Day00", "250100235959104+", E::day_out_of_range},
      {"Day32", "250132235959104+", E::day_out_of_range},
      {"April31", "250431000000000+", E::day_out_of_range},
      {"Feb29NonLeap", "230229000000000+", E::day_out_of_range},
      {"Feb30Leap", "240230000000000+", E::day_out_of_range},
      {"Hour24", "250131245959104+", E::hour_out_of_range},
      {"Minute60", "250131236059104+", E::minute_out_of_range},
      {"Second60", "250131235960104+", E::second_out_of_range},
      {"Offset49", "250131235959149+", E::offset_out_of_range},
      {"Offset99West", "250131235959199-", E::offset_out_of_range},
      {"DateBeforeOffset", "251331235959199+", E::month_out_of_range},  // first bad field wins
      {"RelativeTenths", "000001000000100R", E::relative_tenths_not_zero},
      {"RelativeOffset", "000001000000004R", E::relative_offset_not_zero},
  };
}

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class SmppTimeBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(SmppTimeBad, ReportsTheError) {
  const auto result = parse_smpp_time(GetParam().text);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error, GetParam().error) << describe(result.error);
}

INSTANTIATE_TEST_SUITE_P(Cases, SmppTimeBad, ::testing::ValuesIn(bad_cases()),
                         [](const auto& p) { return p.param.name; });

TEST(SmppTime, EveryErrorHasItsOwnDescription) {
  using E = SmppTimeError;
  const E all[] = {E::none,
                   E::wrong_length,
                   E::not_a_digit,
                   E::bad_sign,
                   E::month_out_of_range,
                   E::day_out_of_range,
                   E::hour_out_of_range,
                   E::minute_out_of_range,
                   E::second_out_of_range,
                   E::offset_out_of_range,
                   E::relative_tenths_not_zero,
                   E::relative_offset_not_zero};
  std::set<std::string_view> seen;
  for (E error : all) {
    EXPECT_FALSE(describe(error).empty());
    EXPECT_TRUE(seen.insert(describe(error)).second) << describe(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting from instants and durations.

TEST(SmppTime, FormatAbsoluteTime) {
  const SmppInstant instant = at(2025y / January / 31, 22h + 59min + 59s + 100ms);
  EXPECT_EQ(format_absolute_time(instant, 4), "250131235959104+");
  EXPECT_EQ(format_absolute_time(instant, 0), "250131225959100+");
  EXPECT_EQ(format_absolute_time(instant, -8), "250131205959108-");
  EXPECT_EQ(format_absolute_time(instant, 48), "250201105959148+");
  EXPECT_EQ(format_absolute_time(instant + 99ms, 0), "250131225959100+");  // truncated to tenths
  // whole seconds convert implicitly
  EXPECT_EQ(format_absolute_time(sys_seconds{sys_days{2025y / January / 1}}, 0), "250101000000000+");
  EXPECT_EQ(format_absolute_time(at(1969y / December / 31, 23h + 59min + 59s + 950ms), 0), "691231235959900+");
}

TEST(SmppTime, FormatAbsoluteTimeRefusesWhatCannotBeWritten) {
  const SmppInstant instant = at(2025y / January / 31);
  EXPECT_EQ(format_absolute_time(instant, 49), std::nullopt);
  EXPECT_EQ(format_absolute_time(instant, -49), std::nullopt);
  EXPECT_EQ(format_absolute_time(at(2038y / January / 1), 0), std::nullopt);   // past the window
  EXPECT_EQ(format_absolute_time(at(1937y / December / 31), 0), std::nullopt);  // before it
  EXPECT_EQ(format_absolute_time(at(2037y / December / 31, 23h), 4), std::nullopt);  // local is 2038
  EXPECT_EQ(format_absolute_time(at(2037y / December / 31, 23h), 0), "371231230000000+");
  EXPECT_EQ(format_absolute_time(SmppInstant{milliseconds::max()}, 0), std::nullopt);
  EXPECT_EQ(format_absolute_time(SmppInstant{milliseconds::min()}, 0), std::nullopt);
  EXPECT_EQ(format_absolute_time(at(2050y / January / 1), 0, TimeOptions{2000}), "500101000000000+");
}

TEST(SmppTime, FormatRelativeTime) {
  EXPECT_EQ(format_relative_time(days{1}), "000001000000000R");
  EXPECT_EQ(format_relative_time(seconds{0}), "000000000000000R");
  EXPECT_EQ(format_relative_time(days{1} + 1h + 1min + 1s), "000001010101000R");
  EXPECT_EQ(format_relative_time(days{99} + 23h + 59min + 59s), "000099235959000R");
  EXPECT_EQ(format_relative_time(days{100}), std::nullopt);
  EXPECT_EQ(format_relative_time(seconds{-1}), std::nullopt);
  EXPECT_EQ(format_relative_time(seconds::max()), std::nullopt);
}

TEST(SmppTime, FormatSmppTimeRefusesInvalidFields) {
  EXPECT_EQ(format_smpp_time(absolute(2025, 2, 29, 0, 0, 0, 0, 0)), std::nullopt);
  EXPECT_EQ(format_smpp_time(absolute(2025, 1, 1, 24, 0, 0, 0, 0)), std::nullopt);
  EXPECT_EQ(format_smpp_time(absolute(2025, 1, 1, 0, 0, 0, 10, 0)), std::nullopt);
  EXPECT_EQ(format_smpp_time(absolute(2025, 1, 1, 0, 0, 0, 0, 49)), std::nullopt);
  EXPECT_EQ(format_smpp_time(absolute(2040, 1, 1, 0, 0, 0, 0, 0)), std::nullopt);
  EXPECT_EQ(format_smpp_time(relative(100, 0, 0, 0, 0, 0)), std::nullopt);
  SmppTime with_tenths = relative(0, 0, 1, 0, 0, 0);
  with_tenths.tenths = 1;
  EXPECT_EQ(format_smpp_time(with_tenths), std::nullopt);
  EXPECT_EQ(absolute_to_utc(absolute(2025, 2, 29, 0, 0, 0, 0, 0)), std::nullopt);
  EXPECT_EQ(absolute_to_utc(relative(0, 0, 1, 0, 0, 0)), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Relative times from "now".

struct RelativeCase {
  std::string name;
  std::string text;
  SmppInstant now;
  SmppInstant expected;
};

std::vector<RelativeCase> relative_cases() {
  return {
      {"OneDay", "000001000000000R", at(2025y / January / 31, 10h + 500ms), at(2025y / February / 1, 10h + 500ms)},
      {"SpecExample", "020610233429000R", at(2024y / January / 1), at(2026y / July / 11, 23h + 34min + 29s)},
      {"MonthEndClamps", "000100000000000R", at(2025y / January / 31, 8h), at(2025y / February / 28, 8h)},
      {"MonthEndClampsLeap", "000100000000000R", at(2024y / January / 31), at(2024y / February / 29)},
      {"YearFromLeapDay", "010000000000000R", at(2024y / February / 29), at(2025y / February / 28)},
      {"MonthsCarryIntoYears", "001400000000000R", at(2025y / November / 15), at(2027y / January / 15)},
      {"DaysAfterMonths", "000101000000000R", at(2025y / January / 31), at(2025y / March / 1)},
      {"HoursBeyondADay", "000000250000000R", at(2025y / January / 1), at(2025y / January / 2, 1h)},
      {"Zero", "000000000000000R", at(2025y / May / 5, 5h), at(2025y / May / 5, 5h)},
  };
}

void PrintTo(const RelativeCase& c, std::ostream* os) { *os << c.name; }

class SmppTimeRelative : public ::testing::TestWithParam<RelativeCase> {};

TEST_P(SmppTimeRelative, AddsToNow) {
  const auto parsed = parse_smpp_time(GetParam().text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(relative_to_utc(parsed.time, GetParam().now), GetParam().expected);
  EXPECT_EQ(resolve_smpp_time(parsed.time, GetParam().now), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, SmppTimeRelative, ::testing::ValuesIn(relative_cases()),
                         [](const auto& p) { return p.param.name; });

TEST(SmppTime, RelativeRefusesNowOutsideTheCalendar) {
  const SmppTime day = relative(0, 0, 1, 0, 0, 0);
  EXPECT_EQ(relative_to_utc(day, SmppInstant{milliseconds::max()}), std::nullopt);
  EXPECT_EQ(relative_to_utc(day, SmppInstant{milliseconds::min()}), std::nullopt);
  EXPECT_EQ(relative_to_utc(absolute(2025, 1, 1, 0, 0, 0, 0, 0), at(2025y / January / 1)), std::nullopt);
  EXPECT_TRUE(relative_to_utc(relative(99, 99, 99, 99, 99, 99), at(9899y / December / 31)).has_value());
}

// ---------------------------------------------------------------------------------------------
// Receipt dates.

struct ReceiptDateCase {
  std::string name;
  std::string text;
  SmppTimeError error;
  sys_seconds time;
};

std::vector<ReceiptDateCase> receipt_date_cases() {
  using E = SmppTimeError;
  const auto t = [](year_month_day date, seconds since_midnight) { return sys_days{date} + since_midnight; };
  return {
      {"TenDigits", "2501011200", E::none, t(2025y / January / 1, 12h)},       // V32
      {"TwelveDigits", "200319131913", E::none, t(2020y / March / 19, 13h + 19min + 13s)},  // E61
      {"OldSmsc", "0911040124", E::none, t(2009y / November / 4, 1h + 24min)},  // E41
      {"LeapDay", "2402291200", E::none, t(2024y / February / 29, 12h)},
      {"NotLeap", "2302291200", E::day_out_of_range, {}},
      {"Eleven", "25010112000", E::wrong_length, {}},
      {"Thirteen", "2501011200000", E::wrong_length, {}},
      {"Sixteen", "250101120000000+", E::wrong_length, {}},
      {"Empty", "", E::wrong_length, {}},
      {"Letter", "25010112a0", E::not_a_digit, {}},
      {"Month13", "2513011200", E::month_out_of_range, {}},
      {"Day32", "2501321200", E::day_out_of_range, {}},
      {"Hour24", "2501012400", E::hour_out_of_range, {}},
      {"Minute60", "2501011260", E::minute_out_of_range, {}},
      {"Second60", "250101120060", E::second_out_of_range, {}},
  };
}

void PrintTo(const ReceiptDateCase& c, std::ostream* os) { *os << c.name; }

class SmppTimeReceiptDate : public ::testing::TestWithParam<ReceiptDateCase> {};

TEST_P(SmppTimeReceiptDate, Parses) {
  const auto result = parse_receipt_date(GetParam().text);
  EXPECT_EQ(result.error, GetParam().error) << describe(result.error);
  if (result.ok()) {
    EXPECT_EQ(result.time, GetParam().time);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, SmppTimeReceiptDate, ::testing::ValuesIn(receipt_date_cases()),
                         [](const auto& p) { return p.param.name; });

TEST(SmppTime, ReceiptDateWithOffset) {
  EXPECT_EQ(parse_receipt_date("2501010030", minutes{60}).time, sys_days{2024y / December / 31} + 23h + 30min);
  EXPECT_EQ(parse_receipt_date("2501010030", minutes{-330}).time, sys_days{2025y / January / 1} + 6h);
  EXPECT_EQ(parse_receipt_date("2501010030", hours{25}).error, SmppTimeError::offset_out_of_range);
  EXPECT_EQ(parse_receipt_date("2501010030", minutes{0}, TimeOptions{1800}).time,
            sys_days{1825y / January / 1} + 30min);
}

TEST(SmppTime, FormatReceiptDate) {
  const sys_seconds instant = sys_days{2020y / March / 19} + 13h + 19min + 13s;
  EXPECT_EQ(format_receipt_date(instant, true), "200319131913");
  EXPECT_EQ(format_receipt_date(instant, false), "2003191319");
  EXPECT_EQ(format_receipt_date(instant, false, minutes{60}), "2003191419");
  EXPECT_EQ(format_receipt_date(instant, false, hours{25}), std::nullopt);
  EXPECT_EQ(format_receipt_date(sys_days{2040y / January / 1}, false), std::nullopt);
  EXPECT_EQ(format_receipt_date(sys_seconds::max(), false), std::nullopt);
  EXPECT_EQ(parse_receipt_date(*format_receipt_date(instant, true)).time, instant);
}

}  // namespace
}  // namespace smppd::codec
