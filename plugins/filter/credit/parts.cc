#include "plugins/filter/credit/parts.h"

namespace smppd::plugins::credit {
namespace {

struct Limits {
  uint64_t single;
  uint64_t per_part;
};

constexpr Limits limits_of(Alphabet alphabet) noexcept {
  switch (alphabet) {
    case Alphabet::gsm7: return {160, 153};
    case Alphabet::ucs2: return {70, 67};
    case Alphabet::octets: return {140, 134};
  }
  return {140, 134};
}

// Walks UTF-8, calling on_char(code point) per character; a malformed octet is one character
// (U+FFFD).
template <class OnChar>
void for_each_char(std::string_view utf8, OnChar&& on_char) noexcept {
  size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    size_t length = 1;
    char32_t code = lead;
    if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xC2 && lead < 0xE0) {
      length = 2;
      code = lead & 0x1F;
    } else if (lead >= 0x80) {
      length = 0;  // a continuation octet, or one that never starts a character
    }
    bool well_formed = length != 0 && i + length <= utf8.size();
    for (size_t k = 1; well_formed && k < length; ++k) {
      const auto next = static_cast<unsigned char>(utf8[i + k]);
      if ((next & 0xC0) != 0x80) {
        well_formed = false;
      } else {
        code = (code << 6) | (next & 0x3F);
      }
    }
    if (!well_formed) {
      on_char(char32_t{0xFFFD});
      ++i;
      continue;
    }
    on_char(code);
    i += length;
  }
}

// GSM 03.38's extension table: these take an escape septet and their own.
constexpr bool in_gsm7_extension(char32_t code) noexcept {
  switch (code) {
    case U'\f':
    case U'^':
    case U'{':
    case U'}':
    case U'\\':
    case U'[':
    case U'~':
    case U']':
    case U'|':
    case U'\u20AC':  // euro sign
      return true;
    default:
      return false;
  }
}

}  // namespace

uint64_t gsm7_septets(std::string_view utf8) noexcept {
  uint64_t septets = 0;
  for_each_char(utf8, [&](char32_t code) { septets += in_gsm7_extension(code) ? 2 : 1; });
  return septets;
}

uint64_t ucs2_units(std::string_view utf8) noexcept {
  uint64_t units = 0;
  for_each_char(utf8, [&](char32_t code) { units += code > 0xFFFF ? 2 : 1; });
  return units;
}

uint32_t segments(Alphabet alphabet, uint64_t units) noexcept {
  const Limits limits = limits_of(alphabet);
  if (units <= limits.single) return 1;
  const uint64_t parts = (units + limits.per_part - 1) / limits.per_part;
  return parts > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(parts);
}

uint32_t parts_of(const MessageShape& message) noexcept {
  if (message.one_part) return 1;
  switch (message.alphabet) {
    case Alphabet::gsm7: return segments(Alphabet::gsm7, gsm7_septets(message.utf8));
    case Alphabet::ucs2: return segments(Alphabet::ucs2, ucs2_units(message.utf8));
    case Alphabet::octets: return segments(Alphabet::octets, message.octets);
  }
  return 1;
}

}  // namespace smppd::plugins::credit
