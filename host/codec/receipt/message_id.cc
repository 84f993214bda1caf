#include "host/codec/receipt/message_id.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "host/codec/receipt/ascii_case.h"

namespace smppd::codec {
namespace {

bool is_decimal_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool all_decimal(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    if (!is_decimal_digit(c)) return false;
  }
  return true;
}

// All hex digits with at least one letter: the only ids recognisably written in hex.
bool hex_with_letter(std::string_view id) {
  bool letter = false;
  for (char c : id) {
    const int value = hex_value(c);
    if (value < 0) return false;
    if (value >= 10) letter = true;
  }
  return letter;
}

// Rewrites a digit string from one base into another with schoolbook multiply-and-add on
// little-endian digits; at 64 input digits this is a few thousand steps.
std::string convert_base(std::string_view digits, int from_base, int to_base) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::vector<uint8_t> out;  // little-endian digits in to_base
  out.reserve(digits.size() * 2);
  for (char c : digits) {
    int carry = hex_value(c);
    for (auto& digit : out) {
      const int value = digit * from_base + carry;
      digit = static_cast<uint8_t>(value % to_base);
      carry = value / to_base;
    }
    while (carry > 0) {
      out.push_back(static_cast<uint8_t>(carry % to_base));
      carry /= to_base;
    }
  }
  if (out.empty()) return "0";
  std::string text;
  text.reserve(out.size());
  for (auto it = out.rbegin(); it != out.rend(); ++it) text.push_back(kDigits[*it]);
  return text;
}

}  // namespace

std::string canonical_message_id(std::string_view id) {
  size_t start = 0;
  while (start + 1 < id.size() && id[start] == '0') ++start;
  std::string key(id.substr(start));
  for (char& c : key) c = to_lower_ascii(c);
  return key;
}

std::optional<std::string> hex_id_to_decimal(std::string_view hex_id) {
  if (hex_id.empty() || hex_id.size() > kMaxConvertibleIdDigits) return std::nullopt;
  for (char c : hex_id) {
    if (hex_value(c) < 0) return std::nullopt;
  }
  return convert_base(hex_id, 16, 10);
}

std::optional<std::string> decimal_id_to_hex(std::string_view decimal_id) {
  if (decimal_id.size() > kMaxConvertibleIdDigits || !all_decimal(decimal_id)) return std::nullopt;
  return convert_base(decimal_id, 10, 16);
}

bool same_message_id(std::string_view a, std::string_view b) {
  if (canonical_message_id(a) == canonical_message_id(b)) return true;
  std::string_view decimal = a;
  std::string_view hex = b;
  if (!all_decimal(decimal)) std::swap(decimal, hex);
  if (!all_decimal(decimal) || !hex_with_letter(hex)) return false;
  const auto converted = hex_id_to_decimal(hex);
  return converted.has_value() && *converted == canonical_message_id(decimal);
}

}  // namespace smppd::codec
