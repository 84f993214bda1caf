#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smppd::plugins::ratelimit {

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
uint32_t parts_of(const PartsInput& input);

// The segments `utf8` needs in one alphabet. Segments are filled greedily and a character is
// never split between two (an escape and its character, a surrogate pair), as handsets join them.
uint32_t gsm7_segments(std::string_view utf8);
uint32_t ucs2_segments(std::string_view utf8);
uint32_t octet_segments(size_t octets);

// Septets a character takes in the GSM default alphabet: 2 for the extension table's
// (| ^ € { } [ ] ~ \ and form feed), 1 for the rest (one an SMSC cannot carry is replaced by one).
uint32_t gsm7_septets(char32_t c) noexcept;

// The user data's length without its UDH: `user_data` is short_message or message_payload,
// `udhi` the esm_class UDH indicator. A UDH longer than the data leaves 0.
size_t user_data_octets(std::string_view user_data, bool udhi) noexcept;

}  // namespace smppd::plugins::ratelimit
