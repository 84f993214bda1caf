// How many SMS parts (segments) a submitted message costs, as handsets and SMSCs count them: one
// function for every plugin that limits or bills by parts, so that a message is limited and
// charged as the same number. Header-only, like the rest of smppd/cxx.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smppd/cxx/message.hpp"

namespace smppd::cxx {

// How a message's text travels to the handset, as far as its segments go.
enum class Alphabet : uint8_t {
  gsm7,    // GSM 03.38 default alphabet: 160 septets alone, 153 per part; extension characters take 2
  ucs2,    // UTF-16 code units: 70 alone, 67 per part; a surrogate pair takes 2
  octets,  // 8-bit data: 140 octets alone, 134 per part
};

// What counting a PDU's parts looks at, read from the message by the host.
struct PartsInput {
  // The PDU says it is one part of a concatenated message (a UDH concatenation element or the
  // sar_* TLVs): it costs one part, whatever its length.
  bool concatenation_part = false;
  Alphabet alphabet = Alphabet::gsm7;
  std::string_view utf8;  // gsm7, ucs2: the text, decoded by the host
  size_t octets = 0;      // octets: the user data's length without its UDH
};

// The segments a PDU costs: 1 for a part of a concatenated message; otherwise the number of
// segments its whole text (short_message, or a message_payload of any length) needs, at least 1.
inline uint32_t parts_of(const PartsInput& input);

// The segments `utf8` needs in one alphabet. Segments are filled greedily and a character is
// never split between two (an escape and its character, a surrogate pair), as handsets join them.
inline uint32_t gsm7_segments(std::string_view utf8);
inline uint32_t ucs2_segments(std::string_view utf8);
inline uint32_t octet_segments(size_t octets);

// Septets a character takes in the GSM default alphabet: 2 for the extension table's
// (| ^ € { } [ ] ~ \ and form feed), 1 for the rest (one an SMSC cannot carry is replaced by one).
inline uint32_t gsm7_septets(char32_t c) noexcept;

// The user data's length without its UDH: `user_data` is short_message or message_payload,
// `udhi` the esm_class UDH indicator. A UDH longer than the data leaves 0.
inline size_t user_data_octets(std::string_view user_data, bool udhi) noexcept;

// What parts_of counts for a PDU's decoded text: `encoding` (SMPPD_TEXT_*), `concatenated` (a UDH
// concatenation element or the sar_* TLVs), `user_data` the short_message or message_payload it
// came from, `udhi` the esm_class UDH indicator. GSM 03.38, IA5 and Latin-1 go as GSM-7.
inline PartsInput parts_input(int32_t encoding, bool concatenated, std::string_view utf8, std::string_view user_data,
                              bool udhi) noexcept;

// The parts a submit_sm or data_sm costs: 1 for a part of a message the client split itself;
// otherwise the segments of its whole text in the alphabet it travels in; 8-bit data by its
// octets without the UDH. A message without text is one (empty) part. The host counts them once
// with the decoded text (smppd_text.parts); from a host that does not, they are counted here.
inline uint32_t parts_of(const Message& message);

// ---- implementation ----------------------------------------------------------------------

namespace parts_detail {

struct Segmenting {
  uint32_t single;    // units that fit one unconcatenated message
  uint32_t per_part;  // units per part of a concatenated one (the rest carries the UDH)
};

constexpr Segmenting kGsm7{160, 153};
constexpr Segmenting kUcs2{70, 67};
constexpr Segmenting kOctets{140, 134};

// The next code point of `utf8` at `i`, advancing i; an invalid sequence is one U+FFFD per octet.
inline char32_t next_code_point(std::string_view utf8, size_t& i) noexcept {
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
inline uint32_t segments(std::string_view utf8, const Segmenting& rule, UnitsOf&& units_of) {
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

}  // namespace parts_detail

inline uint32_t gsm7_septets(char32_t c) noexcept {
  // A switch, not a table search: this runs per character of every message a limit or a price
  // counts.
  switch (c) {
    case U'\f':
    case U'^':
    case U'{':
    case U'}':
    case U'\\':
    case U'[':
    case U'~':
    case U']':
    case U'|':
    case U'\u20AC': return 2;
    default: return 1;
  }
}

inline uint32_t gsm7_segments(std::string_view utf8) {
  // Most traffic is plain ASCII that fits one part: counted without decoding, in a loop without
  // branches that the compiler vectorizes (the extension table's ASCII characters take 2).
  if (utf8.size() <= parts_detail::kGsm7.single) {
    unsigned seen = 0;
    uint32_t extensions = 0;
    for (const char octet : utf8) {
      const auto c = static_cast<unsigned char>(octet);
      seen |= c;
      extensions += static_cast<uint32_t>((c == '\f') | (c == '^') | (c == '{') | (c == '}') | (c == '\\') |
                                          (c == '[') | (c == '~') | (c == ']') | (c == '|'));
    }
    if ((seen & 0x80) == 0 && utf8.size() + extensions <= parts_detail::kGsm7.single) return 1;
  }
  return parts_detail::segments(utf8, parts_detail::kGsm7, gsm7_septets);
}

inline uint32_t ucs2_segments(std::string_view utf8) {
  return parts_detail::segments(utf8, parts_detail::kUcs2, [](char32_t c) -> uint32_t { return c > 0xFFFF ? 2 : 1; });
}

inline uint32_t octet_segments(size_t octets) {
  if (octets <= parts_detail::kOctets.single) return 1;
  return static_cast<uint32_t>((octets + parts_detail::kOctets.per_part - 1) / parts_detail::kOctets.per_part);
}

inline uint32_t parts_of(const PartsInput& input) {
  if (input.concatenation_part) return 1;
  switch (input.alphabet) {
    case Alphabet::gsm7: return gsm7_segments(input.utf8);
    case Alphabet::ucs2: return ucs2_segments(input.utf8);
    case Alphabet::octets: return octet_segments(input.octets);
  }
  return 1;
}

inline size_t user_data_octets(std::string_view user_data, bool udhi) noexcept {
  if (!udhi || user_data.empty()) return user_data.size();
  const size_t header = 1 + static_cast<unsigned char>(user_data.front());
  return header >= user_data.size() ? 0 : user_data.size() - header;
}

inline PartsInput parts_input(int32_t encoding, bool concatenated, std::string_view utf8, std::string_view user_data,
                              bool udhi) noexcept {
  PartsInput input;
  input.concatenation_part = concatenated;
  input.utf8 = utf8;
  switch (encoding) {
    case SMPPD_TEXT_UCS2: input.alphabet = Alphabet::ucs2; break;
    case SMPPD_TEXT_BINARY:
      input.alphabet = Alphabet::octets;
      input.octets = user_data_octets(user_data, udhi);
      break;
    default: input.alphabet = Alphabet::gsm7; break;
  }
  return input;
}

inline uint32_t parts_of(const Message& message) {
  constexpr uint16_t kTagMessagePayload = 0x0424;
  constexpr int64_t kEsmClassUdhi = 0x40;
  const auto text = message.text();
  if (!text) return 1;
  if (text->parts != 0) return text->parts;
  std::string_view user_data;
  bool udhi = false;
  if (text->encoding == SMPPD_TEXT_BINARY) {  // only 8-bit data is counted by its octets
    user_data = (text->flags & SMPPD_TEXT_FROM_PAYLOAD) != 0 ? message.tlv(kTagMessagePayload).value_or(std::string_view{})
                                                             : message.string_or(SMPPD_F_SHORT_MESSAGE);
    udhi = (message.get_int(SMPPD_F_ESM_CLASS).value_or(0) & kEsmClassUdhi) != 0;
  }
  return parts_of(parts_input(text->encoding, text->concatenated(), text->utf8, user_data, udhi));
}

}  // namespace smppd::cxx
