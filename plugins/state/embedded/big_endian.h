#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smppd::plugins::embedded {

// Fixed-width big-endian integers in keys and values: in keys they sort the way the numbers do
// under RocksDB's bytewise order, so a list's items come out in id order.
inline void append_big_endian64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

inline void append_big_endian32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

// Reads the first 8 bytes; the caller has checked there are 8.
inline uint64_t read_big_endian64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

// A caller's name (a list's, a set's) at the front of a key: its 4-byte big-endian length, then its
// bytes, so that no name is ever a prefix of another name's keys.
inline std::string length_prefixed(std::string_view name) {
  std::string key;
  key.reserve(4 + name.size() + 8);
  append_big_endian32(key, static_cast<uint32_t>(name.size()));
  key.append(name);
  return key;
}

}  // namespace smppd::plugins::embedded
