#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace smppd::codec {

// Appends big-endian integers and octet strings to a byte buffer.
class ByteWriter {
 public:
  explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}

  size_t size() const { return out_.size(); }

  void u8(uint8_t value) { out_.push_back(value); }

  void u16(uint16_t value) {
    const uint8_t bytes[2] = {static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
    out_.insert(out_.end(), bytes, bytes + 2);
  }

  void u32(uint32_t value) {
    const uint8_t bytes[4] = {static_cast<uint8_t>(value >> 24), static_cast<uint8_t>(value >> 16),
                              static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
    out_.insert(out_.end(), bytes, bytes + 4);
  }

  void bytes(std::string_view data) {
    const auto* p = reinterpret_cast<const uint8_t*>(data.data());
    out_.insert(out_.end(), p, p + data.size());
  }

  void cstring(std::string_view text) {
    bytes(text);
    out_.push_back(0);
  }

  // Overwrites a u32 written earlier, for command_length once the body size is known.
  void patch_u32(size_t at, uint32_t value) {
    out_[at] = static_cast<uint8_t>(value >> 24);
    out_[at + 1] = static_cast<uint8_t>(value >> 16);
    out_[at + 2] = static_cast<uint8_t>(value >> 8);
    out_[at + 3] = static_cast<uint8_t>(value);
  }

 private:
  std::vector<uint8_t>& out_;
};

}  // namespace smppd::codec
