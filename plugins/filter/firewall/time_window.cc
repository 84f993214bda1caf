#include "plugins/filter/firewall/time_window.h"

#include <array>
#include <cctype>
#include <chrono>
#include <date/tz.h>
#include <exception>

namespace smppd::plugins::firewall {
namespace {

std::optional<uint16_t> parse_clock(std::string_view text, bool allow_24) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (const size_t i : {0u, 1u, 3u, 4u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59) return std::nullopt;
  if (hours == 24 && minutes == 0 && allow_24) return static_cast<uint16_t>(1440);
  if (hours > 23) return std::nullopt;
  return static_cast<uint16_t>(hours * 60 + minutes);
}

// "+05:30", "-8", "+3": minutes east of UTC.
std::optional<int32_t> parse_offset(std::string_view text) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const int32_t sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  int32_t hours = 0;
  int32_t minutes = 0;
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 2) return std::nullopt;
  for (size_t i = 0; i < digits; ++i) hours = hours * 10 + (text[i] - '0');
  text.remove_prefix(digits);
  if (!text.empty()) {
    if (text.size() != 3 || text[0] != ':' || !std::isdigit(static_cast<unsigned char>(text[1])) ||
        !std::isdigit(static_cast<unsigned char>(text[2]))) {
      return std::nullopt;
    }
    minutes = (text[1] - '0') * 10 + (text[2] - '0');
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

}  // namespace

std::optional<DailyWindow> parse_daily_window(std::string_view text, std::string* error) {
  const size_t dash = text.find('-');
  std::optional<uint16_t> start;
  std::optional<uint16_t> end;
  if (dash != std::string_view::npos) {
    start = parse_clock(text.substr(0, dash), false);
    end = parse_clock(text.substr(dash + 1), true);
  }
  if (!start || !end) {
    if (error != nullptr) *error = "\"" + std::string(text) + "\" is not a window \"HH:MM-HH:MM\" (00:00 to 24:00)";
    return std::nullopt;
  }
  return DailyWindow{*start, *end};
}

std::optional<uint8_t> parse_weekday(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kShort = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  static constexpr std::array<std::string_view, 7> kLong = {"sunday",   "monday", "tuesday", "wednesday",
                                                           "thursday", "friday", "saturday"};
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < kShort.size(); ++i) {
    if (lower == kShort[i] || lower == kLong[i]) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

std::optional<Zone> Zone::parse(std::string_view text, std::string* error) {
  Zone zone;
  zone.name_ = std::string(text);
  if (text == "UTC" || text == "Z" || text == "utc") return zone;
  std::string_view offset = text;
  if (offset.starts_with("UTC") || offset.starts_with("GMT")) offset.remove_prefix(3);
  if (const auto minutes = parse_offset(offset)) {
    zone.offset_minutes_ = *minutes;
    return zone;
  }
  if (!text.empty() && (text[0] == '+' || text[0] == '-' || text.starts_with("UTC") || text.starts_with("GMT"))) {
    if (error != nullptr) *error = "\"" + std::string(text) + "\" is not a UTC offset such as \"+05:30\" or \"UTC-3\"";
    return std::nullopt;
  }
  try {
    zone.zone_ = date::locate_zone(std::string(text));
    return zone;
  } catch (const std::exception& e) {
    if (error != nullptr) {
      *error = "\"" + std::string(text) + "\" is not a time zone of the system's tz database (" + e.what() +
               "); use an IANA name such as \"Europe/Berlin\" or an offset such as \"+01:00\"";
    }
  }
  return std::nullopt;
}

Zone::LocalTime Zone::local(int64_t unix_ns) const {
  using namespace std::chrono;
  const sys_seconds utc_seconds{duration_cast<seconds>(nanoseconds(unix_ns))};
  seconds since_epoch{};
  if (zone_ != nullptr) {
    since_epoch = zone_->to_local(utc_seconds).time_since_epoch();
  } else {
    since_epoch = utc_seconds.time_since_epoch() + minutes(offset_minutes_);
  }
  const auto day = floor<days>(since_epoch);
  const auto minute = duration_cast<minutes>(since_epoch - day);
  // 1970-01-01 was a Thursday (4).
  const int64_t weekday = ((day.count() % 7) + 7 + 4) % 7;
  return LocalTime{static_cast<uint8_t>(weekday), static_cast<uint16_t>(minute.count())};
}

bool TimeCondition::matches(int64_t unix_ns) const {
  const Zone::LocalTime now = zone.local(unix_ns);
  const auto on = [this](uint8_t weekday) { return (days & (1u << weekday)) != 0; };
  if (windows.empty()) return on(now.weekday);
  const uint8_t yesterday = static_cast<uint8_t>((now.weekday + 6) % 7);
  for (const DailyWindow& window : windows) {
    const uint16_t start = window.start_minute;
    const uint16_t end = window.end_minute;
    if (start == end || (start == 0 && end == 1440)) {
      if (on(now.weekday)) return true;
    } else if (start < end) {
      if (now.minute_of_day >= start && now.minute_of_day < end && on(now.weekday)) return true;
    } else {
      // Wraps past midnight: the part after midnight belongs to the day the window began.
      if (now.minute_of_day >= start && on(now.weekday)) return true;
      if (now.minute_of_day < end && on(yesterday)) return true;
    }
  }
  return false;
}

}  // namespace smppd::plugins::firewall
