#pragma once

#include <string>
#include <string_view>

namespace smppd::codec {

inline constexpr char32_t kReplacementCharacter = U'\uFFFD';

// Surrogates and values above U+10FFFF are appended as U+FFFD, so the output is always valid UTF-8.
void append_utf8(std::string& out, char32_t code_point);

// Decodes the code point at the front of `utf8` and drops its bytes from the view. A malformed
// sequence (stray continuation byte, overlong form, surrogate, value above U+10FFFF, truncation)
// yields U+FFFD and drops the longest prefix that could have started a valid sequence, which is at
// least one byte: the Unicode "maximal subpart" practice that ICU and WHATWG follow. An empty view
// yields U+FFFD and stays empty, so loops must test empty() rather than the returned value.
char32_t next_code_point(std::string_view& utf8);

bool is_valid_utf8(std::string_view utf8);

}  // namespace smppd::codec
