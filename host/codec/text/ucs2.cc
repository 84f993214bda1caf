#include "host/codec/text/ucs2.h"

#include <cstdint>

#include "host/codec/text/utf8.h"

namespace smppd::codec {
namespace {

void append_unit(std::string& out, char32_t unit) {
  out.push_back(static_cast<char>((unit >> 8) & 0xFF));
  out.push_back(static_cast<char>(unit & 0xFF));
}

char32_t unit_at(std::string_view bytes, size_t offset) {
  return static_cast<char32_t>(static_cast<uint8_t>(bytes[offset])) << 8 |
         static_cast<char32_t>(static_cast<uint8_t>(bytes[offset + 1]));
}

}  // namespace

std::string ucs2_from_utf8(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  while (!utf8.empty()) {
    const char32_t code_point = next_code_point(utf8);
    if (code_point < 0x10000) {
      append_unit(out, code_point);
    } else {
      const char32_t offset = code_point - 0x10000;
      append_unit(out, 0xD800 + (offset >> 10));
      append_unit(out, 0xDC00 + (offset & 0x3FF));
    }
  }
  return out;
}

std::string ucs2_to_utf8(std::string_view utf16be) {
  bool lossy = false;
  return ucs2_to_utf8(utf16be, lossy);
}

std::string ucs2_to_utf8(std::string_view utf16be, bool& lossy) {
  lossy = false;
  std::string utf8;
  utf8.reserve(utf16be.size() + utf16be.size() / 2);
  const size_t whole_units_end = utf16be.size() & ~size_t{1};
  size_t offset = 0;
  while (offset < whole_units_end) {
    const char32_t unit = unit_at(utf16be, offset);
    offset += 2;
    if (is_high_surrogate(unit) && offset < whole_units_end && is_low_surrogate(unit_at(utf16be, offset))) {
      const char32_t low = unit_at(utf16be, offset);
      offset += 2;
      append_utf8(utf8, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
    } else if (is_high_surrogate(unit) || is_low_surrogate(unit)) {
      lossy = true;
      append_utf8(utf8, kReplacementCharacter);
    } else {
      append_utf8(utf8, unit);
    }
  }
  if (whole_units_end != utf16be.size()) {
    lossy = true;
    append_utf8(utf8, kReplacementCharacter);
  }
  return utf8;
}

}  // namespace smppd::codec
