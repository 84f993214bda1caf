#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace smppd::codec {

// Reads big-endian integers and octet strings from a bounded span. Every read checks the bound
// before it touches a byte and fails without moving on a short input, so no length from the wire
// is ever used unchecked.
class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> data) : data_(data) {}

  size_t offset() const { return offset_; }
  size_t remaining() const { return data_.size() - offset_; }
  bool empty() const { return offset_ == data_.size(); }

  bool read_u8(uint8_t& out) {
    if (remaining() < 1) return false;
    out = data_[offset_++];
    return true;
  }

  bool read_u16(uint16_t& out) {
    if (remaining() < 2) return false;
    out = static_cast<uint16_t>(data_[offset_] << 8 | data_[offset_ + 1]);
    offset_ += 2;
    return true;
  }

  bool read_u32(uint32_t& out) {
    if (remaining() < 4) return false;
    out = load_u32(data_.data() + offset_);
    offset_ += 4;
    return true;
  }

  bool read_bytes(size_t count, std::string_view& out) {
    if (remaining() < count) return false;
    out = std::string_view(reinterpret_cast<const char*>(data_.data() + offset_), count);
    offset_ += count;
    return true;
  }

  enum class CStringRead : uint8_t { ok, unterminated, too_long };

  // A C-Octet String of at most max_with_nul octets including its NUL. `unterminated`: the input
  // ended before a NUL; `too_long`: no NUL within max_with_nul octets. On failure nothing is read.
  CStringRead read_cstring(size_t max_with_nul, std::string_view& out) {
    const size_t window = remaining() < max_with_nul ? remaining() : max_with_nul;
    const auto* start = data_.data() + offset_;
    const auto* nul = static_cast<const uint8_t*>(std::memchr(start, 0, window));
    if (nul == nullptr) return window == max_with_nul ? CStringRead::too_long : CStringRead::unterminated;
    const auto length = static_cast<size_t>(nul - start);
    out = std::string_view(reinterpret_cast<const char*>(start), length);
    offset_ += length + 1;
    return CStringRead::ok;
  }

  static uint32_t load_u32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
           static_cast<uint32_t>(p[2]) << 8 | static_cast<uint32_t>(p[3]);
  }

 private:
  std::span<const uint8_t> data_;
  size_t offset_ = 0;
};

}  // namespace smppd::codec
