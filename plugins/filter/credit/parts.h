// How many SMS parts (segments) a submitted message costs: what the SMSC bills. Self-contained
// (no ABI, no other file of the plugin) so that it can move to the SDK as it is.
#pragma once

#include <cstdint>
#include <string_view>

namespace smppd::plugins::credit {

// The alphabet a message travels in over the air.
enum class Alphabet : uint8_t {
  gsm7,   // GSM 03.38, 7 bits: 160 septets alone, 153 per part of a concatenated message
  ucs2,   // UTF-16: 70 units alone, 67 per part
  octets  // 8-bit data: 140 octets alone, 134 per part
};

// The septets `utf8` takes in GSM 03.38: 2 for a character of the extension table (^ { } \ [ ~ ]
// | and the euro sign, form feed), 1 for every other (a character outside the alphabet is
// replaced by the SMSC with one). Malformed UTF-8 counts one per octet.
uint64_t gsm7_septets(std::string_view utf8) noexcept;

// UTF-16 code units of `utf8`: 2 for a character above U+FFFF, 1 for every other.
uint64_t ucs2_units(std::string_view utf8) noexcept;

// The parts a message of `units` septets, UTF-16 units or octets needs: 1 up to the single
// message's limit (0 units included), then ceil(units / per-part limit).
uint32_t segments(Alphabet alphabet, uint64_t units) noexcept;

// A message as the plugin prices it.
struct MessageShape {
  Alphabet alphabet = Alphabet::gsm7;
  std::string_view utf8;     // the text (gsm7 and ucs2)
  uint64_t octets = 0;       // the user data's length (octets)
  bool one_part = false;     // a part of a message the client split itself (UDH or sar_* TLVs)
};

// The parts `message` costs: 1 for a part the client split itself, else the segments of its text
// (short_message, or message_payload for a long one).
uint32_t parts_of(const MessageShape& message) noexcept;

}  // namespace smppd::plugins::credit
