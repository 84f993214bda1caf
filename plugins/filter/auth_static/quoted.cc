#include "plugins/filter/auth_static/quoted.h"

namespace smppd::plugins::auth_static {

std::string quoted(std::string_view text) {
  static constexpr size_t kMaxShown = 64;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text.substr(0, kMaxShown)) {
    const auto octet = static_cast<unsigned char>(c);
    if (octet < 0x20 || octet == 0x7F || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[octet >> 4];
      out += kHex[octet & 0xF];
    } else {
      out += c;
    }
  }
  if (text.size() > kMaxShown) out += "...";
  out += '"';
  return out;
}

}  // namespace smppd::plugins::auth_static
