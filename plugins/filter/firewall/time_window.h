#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}  // namespace date

namespace smppd::plugins::firewall {

// A span of the day, "HH:MM-HH:MM", end excluded. A start after the end wraps past midnight
// ("22:00-06:00"); equal ends cover the whole day; "24:00" is allowed as an end.
struct DailyWindow {
  uint16_t start_minute = 0;
  uint16_t end_minute = 0;
};

// "HH:MM-HH:MM", or nullopt with the reason in *error.
std::optional<DailyWindow> parse_daily_window(std::string_view text, std::string* error);

// Days of the week as a mask, bit 0 Sunday .. bit 6 Saturday.
inline constexpr uint8_t kEveryDay = 0x7F;
// "mon", "tue", ... "sun" (also "monday" ...), case-insensitive; nullopt when unknown.
std::optional<uint8_t> parse_weekday(std::string_view text);

// Where local time is read: an IANA zone (daylight saving time included) or a fixed offset.
class Zone {
 public:
  // "UTC", "Z", "+05:30", "-08:00", "UTC+3", "UTC-03:30", or an IANA name ("Europe/Berlin").
  // nullopt with the reason in *error.
  static std::optional<Zone> parse(std::string_view text, std::string* error);
  static Zone utc() noexcept { return Zone(); }

  struct LocalTime {
    uint8_t weekday = 0;         // 0 Sunday .. 6 Saturday
    uint16_t minute_of_day = 0;  // 0 .. 1439
  };
  LocalTime local(int64_t unix_ns) const;
  const std::string& name() const noexcept { return name_; }

 private:
  Zone() = default;
  const date::time_zone* zone_ = nullptr;  // IANA: owned by the tz database, lives forever
  int32_t offset_minutes_ = 0;            // fixed offset when zone_ is null
  std::string name_ = "UTC";
};

// A time-of-day condition: inside one of the windows on one of the days, in the zone.
struct TimeCondition {
  std::vector<DailyWindow> windows;  // empty: the whole day
  uint8_t days = kEveryDay;
  Zone zone = Zone::utc();

  bool matches(int64_t unix_ns) const;
};

}  // namespace smppd::plugins::firewall
