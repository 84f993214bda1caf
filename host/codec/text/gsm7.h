#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::codec {

// GSM 03.38 / 3GPP TS 23.038 default alphabet with its extension table, on UNPACKED septets: one
// septet per octet, as SMPP carries data_coding 0. National shift tables are not supported.

// Leads a two-septet extension character.
inline constexpr uint8_t kGsm7Escape = 0x1B;

// nullopt when a character has no GSM-7 form (or the input is not valid UTF-8). Extension
// characters (form feed ^ { } \ [ ~ ] | €) become ESC + code.
std::optional<std::string> gsm7_from_utf8(std::string_view utf8);

bool gsm7_can_encode(char32_t code_point);
bool gsm7_can_encode(std::string_view utf8);

// Septets gsm7_from_utf8 would produce (extension characters count 2); nullopt when not
// representable. Does not allocate.
std::optional<size_t> gsm7_septet_count(std::string_view utf8);

// Never fails. What does not round-trip sets `lossy`:
// - ESC + a code the extension table does not define: the basic-table character for the code
//   (the 3GPP TS 23.038 receiver rule; ICU instead emits a space before it);
// - ESC ESC (reserved for a further extension table): one space, as 23.038 says to display and
//   as ICU does;
// - a lone ESC at the end: a space, as 23.038 and ICU do (a cut-off escape is shown, not hidden);
// - an octet with the high bit set: U+FFFD. Masking it to 7 bits would turn mislabelled 8-bit
//   text into plausible but wrong characters.
// The output is at most 3 times the input's size (U+FFFD for every octet).
std::string gsm7_to_utf8(std::string_view septets);
std::string gsm7_to_utf8(std::string_view septets, bool& lossy);

// How many septets at the start are their own ASCII octet (printable ASCII but '$', '@', '`', '[',
// ']', '{', '}', '|', '~', '\\', '^', '_', and LF, CR): text gsm7_to_utf8 would copy unchanged.
size_t gsm7_identical_prefix(std::string_view septets);

// Packing (GSM 03.38 §6.1.2.1.1): septet n starts at bit fill_bits + 7n, low bits of each octet
// first, spare high bits of the last octet zero. fill_bits is the padding that follows a UDH so the
// text starts on a septet boundary (see gsm7_fill_bits); only 0-6 are meaningful and larger values
// are treated as 6. pack masks each input octet to its low 7 bits; no septets pack to no octets.
std::string gsm7_pack(std::string_view septets, unsigned fill_bits = 0);

// At most septet_count septets, fewer when `packed` ends first: the count comes from the wire and
// is never trusted. Never reads past `packed`.
std::string gsm7_unpack(std::string_view packed, size_t septet_count, unsigned fill_bits = 0);

// Fill bits after a UDH of udh_length octets (UDHL octet included): (7 - 8·len mod 7) mod 7.
unsigned gsm7_fill_bits(size_t udh_length);

}  // namespace smppd::codec
