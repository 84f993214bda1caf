#include "tests/support/hex.h"

#include <cstdio>
#include <cstdlib>

namespace smppd::testing {
namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::vector<uint8_t> from_hex(std::string_view hex) {
  std::vector<uint8_t> out;
  int high = -1;
  for (char c : hex) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    int n = nibble(c);
    if (n < 0) {
      std::fprintf(stderr, "from_hex: bad character '%c' in \"%.*s\"\n", c, static_cast<int>(hex.size()), hex.data());
      std::abort();
    }
    if (high < 0) {
      high = n;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | n));
      high = -1;
    }
  }
  if (high >= 0) {
    std::fprintf(stderr, "from_hex: odd number of digits in \"%.*s\"\n", static_cast<int>(hex.size()), hex.data());
    std::abort();
  }
  return out;
}

std::string bytes_from_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  return std::string(bytes.begin(), bytes.end());
}

std::string to_hex(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0F]);
  }
  return out;
}

}  // namespace smppd::testing
