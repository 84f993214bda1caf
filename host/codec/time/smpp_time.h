#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::codec {

// SMPP time fields (schedule_delivery_time, validity_period, final_date, broadcast_end_time):
// empty (the lone NUL: immediate, MC default or unset) or "YYMMDDhhmmsstnnp", where t is tenths
// of a second, nn the offset from UTC in quarter-hours (00-48) and p '+' or '-' for an absolute
// local time, or 'R' for a relative one (a duration; t and nn must be 0). [S34 §7.1.1]
// The PDU layer maps a parse failure to ESME_RINVSCHED or ESME_RINVEXPIRY by field; nothing here
// knows which field it is reading.

inline constexpr size_t kSmppTimeLength = 16;
inline constexpr int kMaxUtcOffsetQuarterHours = 48;

// Instants are UTC with millisecond resolution (the format carries tenths).
using SmppInstant = std::chrono::sys_time<std::chrono::milliseconds>;

enum class SmppTimeKind : uint8_t { unset, absolute, relative };

enum class SmppTimeError : uint8_t {
  none,
  wrong_length,              // not empty and not 16 characters (receipt dates: not 10 or 12)
  not_a_digit,               // a non-digit where the format has digits
  bad_sign,                  // the 16th character is not '+', '-' or 'R'
  month_out_of_range,        // absolute: not 01-12
  day_out_of_range,          // absolute: 00, or past the month's last day (leap years counted)
  hour_out_of_range,         // absolute: above 23
  minute_out_of_range,       // absolute: above 59
  second_out_of_range,       // absolute: above 59 (no leap seconds)
  offset_out_of_range,       // absolute: nn above 48 quarter-hours
  relative_tenths_not_zero,  // relative: t is not 0
  relative_offset_not_zero,  // relative: nn is not 00
};

// "month out of range (01-12)": for logs and for the reason an operator sees.
std::string_view describe(SmppTimeError error);

struct TimeOptions {
  // A two-digit year YY names the one year in [pivot_year, pivot_year + 99] ending in YY. The
  // default window 1938-2037 is the recommended YY 38-99 -> 19xx, 00-37 -> 20xx. Values outside
  // 0-9900 are treated as 0 or 9900.
  int pivot_year = 1938;
};

// A parsed time field. Absolute: year is the calendar year after the pivot, the other fields are
// the local time, utc_offset_quarter_hours is -48..48 ('-' makes it negative). Relative: every
// field is a count (years 0-99, months 0-99, ..., seconds 0-99: a duration is not a clock, so
// "25 hours" is read as written), tenths and offset are 0.
struct SmppTime {
  SmppTimeKind kind = SmppTimeKind::unset;
  int16_t year = 0;
  uint8_t month = 0;
  uint8_t day = 0;
  uint8_t hour = 0;
  uint8_t minute = 0;
  uint8_t second = 0;
  uint8_t tenths = 0;
  int8_t utc_offset_quarter_hours = 0;

  bool operator==(const SmppTime&) const = default;
};

struct SmppTimeResult {
  SmppTime time;
  SmppTimeError error = SmppTimeError::none;

  bool ok() const { return error == SmppTimeError::none; }
};

// Reads a time field without its NUL. Checks, in this order: length, digits, the sign character,
// then for absolute times month, day, hour, minute, second and offset, for relative times t and
// nn; the first failure is the error reported. Never reads outside `text`.
SmppTimeResult parse_smpp_time(std::string_view text, const TimeOptions& options = {});

// The 16 characters for a time (empty for unset). nullopt when a field is out of the ranges
// parse_smpp_time accepts or an absolute year is outside the pivot window. An offset of zero is
// written with '+', so "...000-" parses and formats back as "...000+".
std::optional<std::string> format_smpp_time(const SmppTime& time, const TimeOptions& options = {});

// The absolute form of a UTC instant shown as local time at the given offset: format_absolute_time(
// 2025-01-31 22:59:59.1 UTC, 4) == "250131235959104+". Sub-tenth precision is truncated (floor).
// nullopt for an offset beyond ±48 or a local year outside the pivot window.
std::optional<std::string> format_absolute_time(SmppInstant utc, int utc_offset_quarter_hours,
                                                const TimeOptions& options = {});

// The relative form of a duration, as days, hours, minutes and seconds ("000001000000000R" for one
// day); years and months are left 0 because their length depends on the calendar. nullopt for a
// negative duration or one of 100 days or more.
std::optional<std::string> format_relative_time(std::chrono::seconds duration);

// The UTC instant of an absolute time: the local fields minus the offset ("250131235959104+" is
// 2025-01-31 22:59:59.100 UTC). nullopt when `time` is not absolute or not a valid date.
std::optional<SmppInstant> absolute_to_utc(const SmppTime& time);

// When a relative time falls, counted from `now`: years and months are added to now's UTC
// calendar date first (a day past the new month's end becomes its last day: Jan 31 + 1 month is
// Feb 28 or 29), then days, hours, minutes and seconds as a duration. nullopt when `time` is not
// relative or `now` is outside the years 1-9899.
std::optional<SmppInstant> relative_to_utc(const SmppTime& time, SmppInstant now);

// absolute_to_utc or relative_to_utc as the kind says; nullopt for unset.
std::optional<SmppInstant> resolve_smpp_time(const SmppTime& time, SmppInstant now);

// Receipt dates ("submit date:", "done date:"): YYMMDDhhmm, or YYMMDDhhmmss as some SMSCs send.
// The text carries no zone; `utc_offset` is the sender's, UTC unless the caller knows better.
struct ReceiptDateResult {
  std::chrono::sys_seconds time{};
  SmppTimeError error = SmppTimeError::none;

  bool ok() const { return error == SmppTimeError::none; }
};

ReceiptDateResult parse_receipt_date(std::string_view text, std::chrono::minutes utc_offset = {},
                                     const TimeOptions& options = {});

// YYMMDDhhmm (or YYMMDDhhmmss with seconds) of a UTC instant shown at `utc_offset`; nullopt when
// the local year is outside the pivot window.
std::optional<std::string> format_receipt_date(std::chrono::sys_seconds utc, bool with_seconds,
                                               std::chrono::minutes utc_offset = {},
                                               const TimeOptions& options = {});

}  // namespace smppd::codec
