#include "host/codec/text/ia5.h"

#include <cstdint>

#include "host/codec/text/utf8.h"

namespace smppd::codec {

std::optional<std::string> ia5_from_utf8(std::string_view utf8) {
  for (const char c : utf8) {
    // Every byte of a multi-byte UTF-8 sequence has the high bit set, so checking bytes is enough.
    if (static_cast<uint8_t>(c) >= 0x80) return std::nullopt;
  }
  return std::string(utf8);
}

std::string ia5_to_utf8(std::string_view ia5) {
  bool lossy = false;
  return ia5_to_utf8(ia5, lossy);
}

std::string ia5_to_utf8(std::string_view ia5, bool& lossy) {
  lossy = false;
  std::string utf8;
  utf8.reserve(ia5.size());
  for (const char c : ia5) {
    if (static_cast<uint8_t>(c) >= 0x80) {
      lossy = true;
      append_utf8(utf8, kReplacementCharacter);
    } else {
      utf8.push_back(c);
    }
  }
  return utf8;
}

}  // namespace smppd::codec
