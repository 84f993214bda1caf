#include "plugins/upstream/mock/receipt_text.h"

#include <chrono>
#include <cstdio>

namespace smppd::plugins::mock {
namespace {

constexpr size_t kQuotedLength = 20;

// ASCII characters the GSM default alphabet has at the same code (letters, digits, space and
// most punctuation; not @ $ _ ` nor the extension table's [ \ ] ^ { | } ~).
bool same_in_gsm7(unsigned char c) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return c == ' ' || c == '!' || c == '"' || c == '#' || c == '%' || c == '&' || c == '\'' || c == '(' || c == ')' ||
         c == '*' || c == '+' || c == ',' || c == '-' || c == '.' || c == '/' || c == ':' || c == ';' || c == '<' ||
         c == '=' || c == '>' || c == '?';
}

}  // namespace

bool quotes_raw_octets(uint8_t data_coding) noexcept {
  return data_coding == 0x00 || data_coding == 0x01 || data_coding == 0x03;
}

TextHead receipt_text_head(std::string_view octets, uint8_t data_coding, std::string_view decoded_utf8) {
  TextHead head;
  if (quotes_raw_octets(data_coding)) {
    head.data_coding = data_coding;
    head.octets = std::string(octets.substr(0, kQuotedLength));
    // A GSM escape cut from the character it introduces would change the receipt's next octet.
    // Each escape pairs with the septet after it (ESC ESC is a pair too): read them from the start.
    if (data_coding == 0x00) {
      size_t at = 0;
      while (at < head.octets.size()) at += head.octets[at] == '\x1B' ? 2 : 1;
      if (at > head.octets.size()) head.octets.pop_back();
    }
    return head;
  }
  head.data_coding = 0x00;
  for (size_t i = 0; i < decoded_utf8.size() && head.octets.size() < kQuotedLength; ++i) {
    const auto octet = static_cast<unsigned char>(decoded_utf8[i]);
    if ((octet & 0xC0) == 0x80) continue;  // the rest of a multi-octet character
    head.octets += same_in_gsm7(octet) ? static_cast<char>(octet) : '?';
  }
  return head;
}

std::string receipt_date(int64_t realtime_ns) {
  using namespace std::chrono;
  const sys_time<nanoseconds> when{nanoseconds(realtime_ns)};
  const sys_days day = floor<days>(when);
  const year_month_day date(day);
  const hh_mm_ss<minutes> time(floor<minutes>(when - day));
  char text[32];  // 10 digits; room for what the compiler cannot rule out
  std::snprintf(text, sizeof text, "%02d%02u%02u%02d%02d", static_cast<int>(date.year()) % 100,
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
  return text;
}

std::string format_receipt_text(const ReceiptText& receipt) {
  const bool delivered = receipt.state == ReceiptState::delivered;
  std::string text;
  text.reserve(128 + receipt.message_id.size());
  text += "id:";
  text += receipt.message_id;
  text += " sub:001 dlvrd:";
  text += delivered ? "001" : "000";
  text += " submit date:";
  text += receipt_date(receipt.submit_realtime_ns);
  text += " done date:";
  text += receipt_date(receipt.done_realtime_ns);
  text += " stat:";
  text += stat_name(receipt.state);
  text += " err:000 text:";
  text += receipt.text_head.substr(0, kQuotedLength);
  return text;
}

}  // namespace smppd::plugins::mock
