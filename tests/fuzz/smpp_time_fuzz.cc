// Time fields come from ESMEs (schedule_delivery_time, validity_period) and SMSCs (final_date).
// Whatever parses must format back to the same text and convert without overflow.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "host/codec/time/smpp_time.h"

namespace {

using namespace std::chrono;
using smppd::codec::SmppInstant;
using smppd::codec::SmppTimeKind;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const SmppInstant now = sys_days{2025y / January / 31} + 12h;

  const auto result = smppd::codec::parse_smpp_time(text);
  check(!smppd::codec::describe(result.error).empty());
  if (result.ok()) {
    const auto& time = result.time;
    const auto formatted = smppd::codec::format_smpp_time(time);
    check(formatted.has_value());
    switch (time.kind) {
      case SmppTimeKind::unset:
        check(text.empty() && formatted->empty());
        break;
      case SmppTimeKind::relative: {
        check(*formatted == text);
        const auto when = smppd::codec::relative_to_utc(time, now);
        check(when.has_value() && *when >= now);
        break;
      }
      case SmppTimeKind::absolute: {
        // "-" with a zero offset is written back as "+".
        std::string expected(text);
        if (time.utc_offset_quarter_hours == 0) expected[15] = '+';
        check(*formatted == expected);
        const auto utc = smppd::codec::absolute_to_utc(time);
        check(utc.has_value());
        const auto again = smppd::codec::format_absolute_time(*utc, time.utc_offset_quarter_hours);
        check(again.has_value() && *again == expected);
        break;
      }
    }
  }

  const auto date = smppd::codec::parse_receipt_date(text);
  if (date.ok()) {
    const auto formatted = smppd::codec::format_receipt_date(date.time, text.size() == 12);
    check(formatted.has_value() && *formatted == text);
  }
  return 0;
}
