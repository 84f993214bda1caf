#include "host/codec/text/latin1.h"

#include <cstdint>

#include "host/codec/text/utf8.h"

namespace smppd::codec {

std::optional<std::string> latin1_from_utf8(std::string_view utf8) {
  std::string latin1;
  latin1.reserve(utf8.size());
  while (!utf8.empty()) {
    const char32_t code_point = next_code_point(utf8);
    // U+FFFD from malformed input is above U+00FF too, so it is refused here.
    if (code_point > 0xFF) return std::nullopt;
    latin1.push_back(static_cast<char>(code_point));
  }
  return latin1;
}

std::string latin1_to_utf8(std::string_view latin1) {
  std::string utf8;
  utf8.reserve(latin1.size());
  for (const char c : latin1) append_utf8(utf8, static_cast<uint8_t>(c));
  return utf8;
}

}  // namespace smppd::codec
