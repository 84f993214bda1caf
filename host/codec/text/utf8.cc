#include "host/codec/text/utf8.h"

#include <cstdint>

namespace smppd::codec {
namespace {

bool is_continuation(uint8_t byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    code_point = kReplacementCharacter;
  }
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

char32_t next_code_point(std::string_view& utf8) {
  if (utf8.empty()) return kReplacementCharacter;
  const auto lead = static_cast<uint8_t>(utf8[0]);
  if (lead < 0x80) {
    utf8.remove_prefix(1);
    return lead;
  }

  size_t length = 0;
  char32_t value = 0;
  // The bounds of the second byte are narrower than 80..BF for some leads: that is what rules out
  // overlong forms (E0, F0), surrogates (ED) and values above U+10FFFF (F4) without decoding first.
  uint8_t second_min = 0x80;
  uint8_t second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    // A continuation byte, C0/C1 (always overlong) or F5..FF (beyond U+10FFFF).
    utf8.remove_prefix(1);
    return kReplacementCharacter;
  }

  size_t consumed = 1;
  for (; consumed < length; ++consumed) {
    if (consumed >= utf8.size()) break;
    const auto byte = static_cast<uint8_t>(utf8[consumed]);
    const bool in_range = consumed == 1 ? (byte >= second_min && byte <= second_max) : is_continuation(byte);
    if (!in_range) break;
    value = (value << 6) | (byte & 0x3F);
  }
  utf8.remove_prefix(consumed);
  return consumed == length ? value : kReplacementCharacter;
}

bool is_valid_utf8(std::string_view utf8) {
  while (!utf8.empty()) {
    const std::string_view before = utf8;
    if (next_code_point(utf8) == kReplacementCharacter) {
      // U+FFFD is also a legitimate character (EF BF BD); only a replacement that did not come
      // from those three bytes marks a malformed sequence.
      const size_t consumed = before.size() - utf8.size();
      if (before.substr(0, consumed) != "\xEF\xBF\xBD") return false;
    }
  }
  return true;
}

}  // namespace smppd::codec
