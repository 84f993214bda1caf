#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::codec {

// Matching an upstream's receipt to its submit_sm_resp when the two spell the message id
// differently. Seen in real receipts: leading zeros in one and not the other ("0000003005" in the
// text, "3005" in receipted_message_id), hex in one and decimal in the other ("0059113978" vs
// "38601fa"), and upper vs lower case hex.

// Longest id (in digits) converted between bases: message_id is a Cstr(65), so a longer input is
// not an SMPP id and is not converted (which also bounds the quadratic base conversion).
inline constexpr size_t kMaxConvertibleIdDigits = 64;

// The key ids are compared by: ASCII letters lower-cased and leading '0's removed ("0" stays when
// the id is all zeros). Ids that differ only in case therefore share a key; this is what lets a hex
// id match across case, and the correlation map also keys on the upstream, so base-62 ids that
// differ only in case would have to come from one upstream to collide.
std::string canonical_message_id(std::string_view id);

// "38601fa" -> "59113978": the decimal form of a hex id, without leading zeros. nullopt unless
// the id is 1..kMaxConvertibleIdDigits hex digits.
std::optional<std::string> hex_id_to_decimal(std::string_view hex_id);

// "59113978" -> "38601fa": the lower-case hex form of a decimal id, without leading zeros. nullopt
// unless the id is 1..kMaxConvertibleIdDigits decimal digits.
std::optional<std::string> decimal_id_to_hex(std::string_view decimal_id);

// True when the two ids name the same message. The rule:
//  1. equal canonical keys (case and leading zeros ignored) match;
//  2. otherwise, when one id is all decimal digits and the other is hex containing at least one
//     letter a-f, they match if the hex number equals the decimal number;
//  3. nothing else matches. Two all-digit ids are never compared across bases: "10" and "16"
//     would otherwise match (0x10 == 16), and without a letter nobody can tell which one is hex.
//     A caller that knows an upstream's convention uses hex_id_to_decimal directly.
bool same_message_id(std::string_view a, std::string_view b);

}  // namespace smppd::codec
