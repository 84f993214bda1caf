#pragma once

#include <cstddef>
#include <string_view>

namespace smppd::codec {

// ASCII-only case folding for receipt keys, stat words and message ids: the text is raw octets
// from the network, so locale-dependent <cctype> folding would make parsing depend on the host.

constexpr char to_lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) return false;
  }
  return true;
}

}  // namespace smppd::codec
