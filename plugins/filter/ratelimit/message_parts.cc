#include "plugins/filter/ratelimit/message_parts.h"

#include <algorithm>
#include <array>

namespace smppd::plugins::ratelimit {
namespace {

struct Segmenting {
  uint32_t single;    // units that fit one unconcatenated message
  uint32_t per_part;  // units per part of a concatenated one (the rest carries the UDH)
};

constexpr Segmenting kGsm7{160, 153};
constexpr Segmenting kUcs2{70, 67};
constexpr Segmenting kOctets{140, 134};

// The next code point of `utf8` at `i`, advancing i; an invalid sequence is one U+FFFD per octet.
char32_t next_code_point(std::string_view utf8, size_t& i) noexcept {
  const auto lead = static_cast<unsigned char>(utf8[i++]);
  if (lead < 0x80) return lead;
  size_t length = 0;
  char32_t c = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 1;
    c = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 2;
    c = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 3;
    c = lead & 0x07;
  } else {
    return 0xFFFD;
  }
  if (i + length > utf8.size()) return 0xFFFD;
  for (size_t k = 0; k < length; ++k) {
    const auto continuation = static_cast<unsigned char>(utf8[i + k]);
    if ((continuation & 0xC0) != 0x80) return 0xFFFD;
    c = (c << 6) | (continuation & 0x3F);
  }
  i += length;
  return c;
}

// Greedy segmenting of characters of 1 or 2 units each.
template <class UnitsOf>
uint32_t segments(std::string_view utf8, const Segmenting& rule, UnitsOf&& units_of) {
  uint64_t total = 0;
  for (size_t i = 0; i < utf8.size();) total += units_of(next_code_point(utf8, i));
  if (total <= rule.single) return 1;
  uint32_t parts = 1;
  uint32_t used = 0;
  for (size_t i = 0; i < utf8.size();) {
    const uint32_t units = units_of(next_code_point(utf8, i));
    if (used + units > rule.per_part) {
      ++parts;
      used = 0;
    }
    used += units;
  }
  return parts;
}

constexpr std::array<char32_t, 10> kGsm7Extension = {U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'\u20AC'};

}  // namespace

uint32_t gsm7_septets(char32_t c) noexcept {
  return std::find(kGsm7Extension.begin(), kGsm7Extension.end(), c) != kGsm7Extension.end() ? 2 : 1;
}

uint32_t gsm7_segments(std::string_view utf8) { return segments(utf8, kGsm7, gsm7_septets); }

uint32_t ucs2_segments(std::string_view utf8) {
  return segments(utf8, kUcs2, [](char32_t c) -> uint32_t { return c > 0xFFFF ? 2 : 1; });
}

uint32_t octet_segments(size_t octets) {
  if (octets <= kOctets.single) return 1;
  return static_cast<uint32_t>((octets + kOctets.per_part - 1) / kOctets.per_part);
}

uint32_t parts_of(const PartsInput& input) {
  if (input.concatenation_part) return 1;
  switch (input.alphabet) {
    case Alphabet::gsm7: return gsm7_segments(input.utf8);
    case Alphabet::ucs2: return ucs2_segments(input.utf8);
    case Alphabet::octets: return octet_segments(input.octets);
  }
  return 1;
}

size_t user_data_octets(std::string_view user_data, bool udhi) noexcept {
  if (!udhi || user_data.empty()) return user_data.size();
  const size_t header = 1 + static_cast<unsigned char>(user_data.front());
  return header >= user_data.size() ? 0 : user_data.size() - header;
}

}  // namespace smppd::plugins::ratelimit
