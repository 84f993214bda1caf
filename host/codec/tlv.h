#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::codec {

// One optional parameter as it travels: tag and raw value. Kept in wire order so a PDU re-encodes
// byte-exact, with unknown and vendor tags untouched.
struct Tlv {
  uint16_t tag = 0;
  std::string value;

  bool operator==(const Tlv&) const = default;
};

// The optional parameters of one PDU, in wire order.
class TlvList {
 public:
  const std::vector<Tlv>& items() const { return items_; }
  std::vector<Tlv>& items() { return items_; }
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }

  // The first TLV with this tag, or nullptr.
  const Tlv* find(uint16_t tag) const;
  bool contains(uint16_t tag) const { return find(tag) != nullptr; }

  // The value read as a big-endian integer of the TLV's own length (1, 2 or 4 octets).
  std::optional<uint32_t> get_int(uint16_t tag) const;
  // The value as text, without the trailing NUL a C-Octet String TLV carries.
  std::optional<std::string_view> get_cstring(uint16_t tag) const;

  // Replaces the value of the first TLV with this tag, or appends one.
  void set(uint16_t tag, std::string value);
  void set_u8(uint16_t tag, uint8_t value);
  void set_u16(uint16_t tag, uint16_t value);
  void set_u32(uint16_t tag, uint32_t value);
  // Stores text as a C-Octet String (with its NUL).
  void set_cstring(uint16_t tag, std::string_view text);
  void append(uint16_t tag, std::string value) { items_.push_back(Tlv{tag, std::move(value)}); }
  // Removes every TLV with this tag; returns how many were removed.
  size_t remove(uint16_t tag);
  void clear() { items_.clear(); }

  bool operator==(const TlvList&) const = default;

 private:
  std::vector<Tlv> items_;
};

}  // namespace smppd::codec
