#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::testing {

// "0A ff" -> {0x0A, 0xFF}. Whitespace is ignored; any other non-hex character aborts the test run,
// because a typo in a vector must never turn into a silently shorter vector.
std::vector<uint8_t> from_hex(std::string_view hex);
std::string bytes_from_hex(std::string_view hex);

// {0x0A, 0xFF} -> "0AFF"
std::string to_hex(const uint8_t* data, size_t size);
inline std::string to_hex(const std::vector<uint8_t>& bytes) { return to_hex(bytes.data(), bytes.size()); }
inline std::string to_hex(std::string_view bytes) {
  return to_hex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace smppd::testing
