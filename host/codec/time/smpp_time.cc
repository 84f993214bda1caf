#include "host/codec/time/smpp_time.h"

#include <algorithm>

namespace smppd::codec {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr int kMinPivotYear = 0;
constexpr int kMaxPivotYear = 9900;
// relative_to_utc accepts "now" in these years, so adding 99 years and 99 months stays a valid
// year_month_day and no chrono arithmetic can overflow.
constexpr int kMinNowYear = 1;
constexpr int kMaxNowYear = 9899;
// A receipt's zone is the caller's configuration, not wire input; it still must not overflow.
constexpr minutes kMaxReceiptOffset{24 * 60};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) { return std::all_of(text.begin(), text.end(), is_digit); }

uint8_t two_digits(std::string_view text, size_t at) {
  return static_cast<uint8_t>((text[at] - '0') * 10 + (text[at + 1] - '0'));
}

void append_two_digits(std::string& out, unsigned value) {
  out.push_back(static_cast<char>('0' + value / 10 % 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

int clamped_pivot(const TimeOptions& options) {
  return std::clamp(options.pivot_year, kMinPivotYear, kMaxPivotYear);
}

// The one year in [pivot, pivot + 99] whose last two digits are yy.
int expand_year(int yy, const TimeOptions& options) {
  const int pivot = clamped_pivot(options);
  return pivot + (yy - pivot % 100 + 100) % 100;
}

sys_days first_day_of(int year) { return sys_days{std::chrono::year{year} / 1 / 1}; }

bool in_pivot_window(sys_days day, const TimeOptions& options) {
  const int pivot = clamped_pivot(options);
  return day >= first_day_of(pivot) && day < first_day_of(pivot + 100);
}

unsigned last_day_of_month(int year, unsigned month) {
  const auto last = std::chrono::year{year} / std::chrono::month{month} / std::chrono::last;
  return static_cast<unsigned>(last.day());
}

// The calendar and clock checks shared by absolute times and receipt dates.
SmppTimeError check_date_time(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                              unsigned second) {
  if (month < 1 || month > 12) return SmppTimeError::month_out_of_range;
  if (day < 1 || day > last_day_of_month(year, month)) return SmppTimeError::day_out_of_range;
  if (hour > 23) return SmppTimeError::hour_out_of_range;
  if (minute > 59) return SmppTimeError::minute_out_of_range;
  if (second > 59) return SmppTimeError::second_out_of_range;
  return SmppTimeError::none;
}

SmppTimeError check_absolute(const SmppTime& time) {
  const auto error = check_date_time(time.year, time.month, time.day, time.hour, time.minute, time.second);
  if (error != SmppTimeError::none) return error;
  if (time.tenths > 9) return SmppTimeError::not_a_digit;
  if (time.utc_offset_quarter_hours < -kMaxUtcOffsetQuarterHours ||
      time.utc_offset_quarter_hours > kMaxUtcOffsetQuarterHours) {
    return SmppTimeError::offset_out_of_range;
  }
  return SmppTimeError::none;
}

bool relative_fields_fit(const SmppTime& time) {
  return time.year >= 0 && time.year <= 99 && time.month <= 99 && time.day <= 99 && time.hour <= 99 &&
         time.minute <= 99 && time.second <= 99 && time.tenths == 0 && time.utc_offset_quarter_hours == 0;
}

// Writes YYMMDDhhmmss; `year` must already be inside the pivot window.
void append_date_time(std::string& out, int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                      unsigned second) {
  append_two_digits(out, static_cast<unsigned>(year % 100));
  append_two_digits(out, month);
  append_two_digits(out, day);
  append_two_digits(out, hour);
  append_two_digits(out, minute);
  append_two_digits(out, second);
}

sys_days date_of(int year, unsigned month, unsigned day) {
  return sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

}  // namespace

std::string_view describe(SmppTimeError error) {
  switch (error) {
    case SmppTimeError::none: return "ok";
    case SmppTimeError::wrong_length: return "wrong length (time fields are empty or 16 characters, receipt dates 10 or 12)";
    case SmppTimeError::not_a_digit: return "non-digit where the format has a digit";
    case SmppTimeError::bad_sign: return "16th character is not '+', '-' or 'R'";
    case SmppTimeError::month_out_of_range: return "month out of range (01-12)";
    case SmppTimeError::day_out_of_range: return "day out of range for the month";
    case SmppTimeError::hour_out_of_range: return "hour out of range (00-23)";
    case SmppTimeError::minute_out_of_range: return "minute out of range (00-59)";
    case SmppTimeError::second_out_of_range: return "second out of range (00-59)";
    case SmppTimeError::offset_out_of_range: return "UTC offset out of range (00-48 quarter-hours)";
    case SmppTimeError::relative_tenths_not_zero: return "relative time with tenths other than 0";
    case SmppTimeError::relative_offset_not_zero: return "relative time with an offset other than 00";
  }
  return "unknown time error";
}

SmppTimeResult parse_smpp_time(std::string_view text, const TimeOptions& options) {
  SmppTimeResult result;
  if (text.empty()) return result;
  if (text.size() != kSmppTimeLength) {
    result.error = SmppTimeError::wrong_length;
    return result;
  }
  if (!all_digits(text.substr(0, kSmppTimeLength - 1))) {
    result.error = SmppTimeError::not_a_digit;
    return result;
  }
  const char sign = text[15];
  if (sign != '+' && sign != '-' && sign != 'R') {
    result.error = SmppTimeError::bad_sign;
    return result;
  }

  SmppTime time;
  const uint8_t yy = two_digits(text, 0);
  time.month = two_digits(text, 2);
  time.day = two_digits(text, 4);
  time.hour = two_digits(text, 6);
  time.minute = two_digits(text, 8);
  time.second = two_digits(text, 10);
  time.tenths = static_cast<uint8_t>(text[12] - '0');
  const uint8_t quarter_hours = two_digits(text, 13);

  if (sign == 'R') {
    if (time.tenths != 0) {
      result.error = SmppTimeError::relative_tenths_not_zero;
      return result;
    }
    if (quarter_hours != 0) {
      result.error = SmppTimeError::relative_offset_not_zero;
      return result;
    }
    time.kind = SmppTimeKind::relative;
    time.year = yy;
    result.time = time;
    return result;
  }

  time.kind = SmppTimeKind::absolute;
  time.year = static_cast<int16_t>(expand_year(yy, options));
  time.utc_offset_quarter_hours = static_cast<int8_t>(sign == '-' ? -quarter_hours : quarter_hours);
  result.error = check_absolute(time);
  if (result.ok()) result.time = time;
  return result;
}

std::optional<std::string> format_smpp_time(const SmppTime& time, const TimeOptions& options) {
  std::string out;
  switch (time.kind) {
    case SmppTimeKind::unset:
      return out;
    case SmppTimeKind::relative:
      if (!relative_fields_fit(time)) return std::nullopt;
      out.reserve(kSmppTimeLength);
      append_date_time(out, time.year, time.month, time.day, time.hour, time.minute, time.second);
      out += "000R";
      return out;
    case SmppTimeKind::absolute: {
      if (check_absolute(time) != SmppTimeError::none) return std::nullopt;
      if (!in_pivot_window(date_of(time.year, time.month, time.day), options)) return std::nullopt;
      out.reserve(kSmppTimeLength);
      append_date_time(out, time.year, time.month, time.day, time.hour, time.minute, time.second);
      out.push_back(static_cast<char>('0' + time.tenths));
      const int offset = time.utc_offset_quarter_hours;
      append_two_digits(out, static_cast<unsigned>(offset < 0 ? -offset : offset));
      out.push_back(offset < 0 ? '-' : '+');
      return out;
    }
  }
  return std::nullopt;
}

std::optional<std::string> format_absolute_time(SmppInstant utc, int utc_offset_quarter_hours,
                                                const TimeOptions& options) {
  if (utc_offset_quarter_hours < -kMaxUtcOffsetQuarterHours || utc_offset_quarter_hours > kMaxUtcOffsetQuarterHours) {
    return std::nullopt;
  }
  // Bound the instant before any arithmetic on it: a far-off instant must not overflow.
  const int pivot = clamped_pivot(options);
  if (utc < first_day_of(pivot) - days{1} || utc >= first_day_of(pivot + 100) + days{1}) return std::nullopt;

  const SmppInstant local = utc + minutes{15 * utc_offset_quarter_hours};
  const sys_days day = floor<days>(local);
  if (!in_pivot_window(day, options)) return std::nullopt;
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss<milliseconds> clock{local - day};

  SmppTime time;
  time.kind = SmppTimeKind::absolute;
  time.year = static_cast<int16_t>(static_cast<int>(date.year()));
  time.month = static_cast<uint8_t>(static_cast<unsigned>(date.month()));
  time.day = static_cast<uint8_t>(static_cast<unsigned>(date.day()));
  time.hour = static_cast<uint8_t>(clock.hours().count());
  time.minute = static_cast<uint8_t>(clock.minutes().count());
  time.second = static_cast<uint8_t>(clock.seconds().count());
  time.tenths = static_cast<uint8_t>(clock.subseconds().count() / 100);
  time.utc_offset_quarter_hours = static_cast<int8_t>(utc_offset_quarter_hours);
  return format_smpp_time(time, options);
}

std::optional<std::string> format_relative_time(seconds duration) {
  if (duration < seconds{0} || duration >= days{100}) return std::nullopt;
  const auto whole_days = floor<days>(duration);
  const std::chrono::hh_mm_ss<seconds> clock{duration - whole_days};
  SmppTime time;
  time.kind = SmppTimeKind::relative;
  time.day = static_cast<uint8_t>(whole_days.count());
  time.hour = static_cast<uint8_t>(clock.hours().count());
  time.minute = static_cast<uint8_t>(clock.minutes().count());
  time.second = static_cast<uint8_t>(clock.seconds().count());
  return format_smpp_time(time);
}

std::optional<SmppInstant> absolute_to_utc(const SmppTime& time) {
  if (time.kind != SmppTimeKind::absolute || check_absolute(time) != SmppTimeError::none) return std::nullopt;
  const SmppInstant local = date_of(time.year, time.month, time.day) + std::chrono::hours{time.hour} +
                            minutes{time.minute} + seconds{time.second} + milliseconds{100 * time.tenths};
  return local - minutes{15 * time.utc_offset_quarter_hours};
}

std::optional<SmppInstant> relative_to_utc(const SmppTime& time, SmppInstant now) {
  if (time.kind != SmppTimeKind::relative || !relative_fields_fit(time)) return std::nullopt;
  if (now < first_day_of(kMinNowYear) || now >= first_day_of(kMaxNowYear + 1)) return std::nullopt;

  const sys_days today = floor<days>(now);
  const auto time_of_day = now - today;
  const std::chrono::year_month_day date{today};
  const auto month = std::chrono::year_month{date.year(), date.month()} + std::chrono::years{time.year} +
                     std::chrono::months{time.month};
  // Clamp to the month's end: adding a month to Jan 31 lands on the last day of February.
  const auto last = (month / std::chrono::last).day();
  const auto day = std::min(date.day(), last);
  return sys_days{month / day} + time_of_day + days{time.day} + std::chrono::hours{time.hour} +
         minutes{time.minute} + seconds{time.second};
}

std::optional<SmppInstant> resolve_smpp_time(const SmppTime& time, SmppInstant now) {
  switch (time.kind) {
    case SmppTimeKind::absolute: return absolute_to_utc(time);
    case SmppTimeKind::relative: return relative_to_utc(time, now);
    case SmppTimeKind::unset: break;
  }
  return std::nullopt;
}

ReceiptDateResult parse_receipt_date(std::string_view text, minutes utc_offset, const TimeOptions& options) {
  ReceiptDateResult result;
  if (text.size() != 10 && text.size() != 12) {
    result.error = SmppTimeError::wrong_length;
    return result;
  }
  if (!all_digits(text)) {
    result.error = SmppTimeError::not_a_digit;
    return result;
  }
  const int year = expand_year(two_digits(text, 0), options);
  const unsigned month = two_digits(text, 2);
  const unsigned day = two_digits(text, 4);
  const unsigned hour = two_digits(text, 6);
  const unsigned minute = two_digits(text, 8);
  const unsigned second = text.size() == 12 ? two_digits(text, 10) : 0;
  result.error = check_date_time(year, month, day, hour, minute, second);
  if (!result.ok()) return result;
  if (utc_offset < -kMaxReceiptOffset || utc_offset > kMaxReceiptOffset) {
    result.error = SmppTimeError::offset_out_of_range;
    return result;
  }
  result.time = date_of(year, month, day) + std::chrono::hours{hour} + minutes{minute} + seconds{second} - utc_offset;
  return result;
}

std::optional<std::string> format_receipt_date(std::chrono::sys_seconds utc, bool with_seconds, minutes utc_offset,
                                               const TimeOptions& options) {
  if (utc_offset < -kMaxReceiptOffset || utc_offset > kMaxReceiptOffset) return std::nullopt;
  const int pivot = clamped_pivot(options);
  if (utc < first_day_of(pivot) - days{2} || utc >= first_day_of(pivot + 100) + days{2}) return std::nullopt;

  const std::chrono::sys_seconds local = utc + utc_offset;
  const sys_days day = floor<days>(local);
  if (!in_pivot_window(day, options)) return std::nullopt;
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss<seconds> clock{local - day};
  std::string out;
  out.reserve(12);
  append_date_time(out, static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                   static_cast<unsigned>(date.day()), static_cast<unsigned>(clock.hours().count()),
                   static_cast<unsigned>(clock.minutes().count()), static_cast<unsigned>(clock.seconds().count()));
  if (!with_seconds) out.resize(10);
  return out;
}

}  // namespace smppd::codec
