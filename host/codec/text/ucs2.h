#pragma once

#include <string>
#include <string_view>

namespace smppd::codec {

// data_coding 8. The SMPP specs say UCS-2, but handsets and SMSCs send UTF-16BE, so characters
// outside the BMP travel as surrogate pairs in both directions.

// UTF-16BE; never fails (malformed UTF-8 becomes U+FFFD, see next_code_point).
std::string ucs2_from_utf8(std::string_view utf8);

// Never fails and never reads past the input. A lone surrogate or a trailing odd octet becomes
// U+FFFD and sets `lossy`.
std::string ucs2_to_utf8(std::string_view utf16be);
std::string ucs2_to_utf8(std::string_view utf16be, bool& lossy);

inline bool is_high_surrogate(char32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
inline bool is_low_surrogate(char32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace smppd::codec
