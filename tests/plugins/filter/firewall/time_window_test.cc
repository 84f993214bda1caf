// Time-of-day windows: parsing, days, windows past midnight, IANA zones with daylight saving time
// and fixed offsets.
#include <gtest/gtest.h>

#include <string>

#include "plugins/filter/firewall/time_window.h"

namespace smppd::plugins::firewall {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMonday2024 = 1704067200LL * kSecond;  // 2024-01-01T00:00:00Z, a Monday
constexpr int64_t kMonday20240701 = 1719792000LL * kSecond;  // 2024-07-01T00:00:00Z, a Monday

int64_t at(int64_t day, int hours, int minutes = 0) { return day + (hours * 3600LL + minutes * 60LL) * kSecond; }

TEST(TimeWindowTest, ParsesWindows) {
  std::string error;
  const auto window = parse_daily_window("08:30-17:45", &error);
  ASSERT_TRUE(window) << error;
  EXPECT_EQ(window->start_minute, 510);
  EXPECT_EQ(window->end_minute, 1065);
  EXPECT_EQ(parse_daily_window("00:00-24:00", &error)->end_minute, 1440);
  for (const char* bad : {"8:30-17:45", "08:30", "25:00-26:00", "08:60-09:00", "24:00-08:00", "ab:cd-ef:gh"}) {
    EXPECT_FALSE(parse_daily_window(bad, &error)) << bad;
    EXPECT_NE(error.find("HH:MM-HH:MM"), std::string::npos) << error;
  }
}

TEST(TimeWindowTest, ParsesDaysAndZones) {
  EXPECT_EQ(parse_weekday("mon"), 1);
  EXPECT_EQ(parse_weekday("Sunday"), 0);
  EXPECT_FALSE(parse_weekday("funday"));
  std::string error;
  EXPECT_TRUE(Zone::parse("UTC", &error));
  EXPECT_TRUE(Zone::parse("+05:30", &error));
  EXPECT_TRUE(Zone::parse("UTC-3", &error));
  EXPECT_TRUE(Zone::parse("America/New_York", &error)) << error;
  EXPECT_FALSE(Zone::parse("Mars/Olympus", &error));
  EXPECT_NE(error.find("not a time zone"), std::string::npos) << error;
  EXPECT_FALSE(Zone::parse("+25:00", &error));
  EXPECT_NE(error.find("UTC offset"), std::string::npos) << error;
}

TEST(TimeWindowTest, ReadsLocalTimeInZonesWithDaylightSavingTime) {
  std::string error;
  const auto berlin = Zone::parse("Europe/Berlin", &error);
  ASSERT_TRUE(berlin) << error;
  EXPECT_EQ(berlin->local(at(kMonday2024, 10)).minute_of_day, 11 * 60);       // winter: UTC+1
  EXPECT_EQ(berlin->local(at(kMonday20240701, 10)).minute_of_day, 12 * 60);   // summer: UTC+2
  EXPECT_EQ(berlin->local(at(kMonday2024, 23, 30)).weekday, 2);               // already Tuesday there
  const auto india = Zone::parse("+05:30", &error);
  EXPECT_EQ(india->local(at(kMonday2024, 0)).minute_of_day, 5 * 60 + 30);
  EXPECT_EQ(Zone::utc().local(at(kMonday2024, 0)).weekday, 1);
  EXPECT_EQ(Zone::utc().local(at(kMonday2024, -1)).weekday, 0);
}

TEST(TimeWindowTest, MatchesWindowsOnDaysIncludingPastMidnight) {
  TimeCondition office;
  office.windows = {{9 * 60, 17 * 60}};
  office.days = 0x3E;  // Monday to Friday
  EXPECT_TRUE(office.matches(at(kMonday2024, 9)));
  EXPECT_FALSE(office.matches(at(kMonday2024, 17)));  // the end is excluded
  EXPECT_FALSE(office.matches(at(kMonday2024, 8, 59)));
  EXPECT_FALSE(office.matches(at(kMonday2024 + 5 * 86400 * kSecond, 10)));  // Saturday

  TimeCondition night;
  night.windows = {{22 * 60, 6 * 60}};
  night.days = 1u << 1;  // Monday nights
  EXPECT_TRUE(night.matches(at(kMonday2024, 23)));
  EXPECT_TRUE(night.matches(at(kMonday2024, 24 + 5)));  // Tuesday 05:00: Monday's night
  EXPECT_FALSE(night.matches(at(kMonday2024, 3)));      // Monday 03:00: Sunday's night
  EXPECT_FALSE(night.matches(at(kMonday2024, 24 + 22)));

  TimeCondition weekend;
  weekend.days = 0x41;  // no windows: the whole day
  EXPECT_TRUE(weekend.matches(at(kMonday2024 - 86400 * kSecond, 12)));
  EXPECT_FALSE(weekend.matches(at(kMonday2024, 12)));
}

}  // namespace
}  // namespace smppd::plugins::firewall
