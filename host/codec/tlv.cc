#include "host/codec/tlv.h"

#include <algorithm>

namespace smppd::codec {

const Tlv* TlvList::find(uint16_t tag) const {
  for (const auto& item : items_) {
    if (item.tag == tag) return &item;
  }
  return nullptr;
}

std::optional<uint32_t> TlvList::get_int(uint16_t tag) const {
  const Tlv* item = find(tag);
  if (item == nullptr) return std::nullopt;
  const auto& v = item->value;
  if (v.size() != 1 && v.size() != 2 && v.size() != 4) return std::nullopt;
  uint32_t result = 0;
  for (char c : v) result = result << 8 | static_cast<uint8_t>(c);
  return result;
}

std::optional<std::string_view> TlvList::get_cstring(uint16_t tag) const {
  const Tlv* item = find(tag);
  if (item == nullptr) return std::nullopt;
  std::string_view v = item->value;
  // Stop at the first NUL: some peers pad, some omit the terminator altogether.
  return v.substr(0, v.find('\0'));
}

void TlvList::set(uint16_t tag, std::string value) {
  for (auto& item : items_) {
    if (item.tag == tag) {
      item.value = std::move(value);
      return;
    }
  }
  append(tag, std::move(value));
}

void TlvList::set_u8(uint16_t tag, uint8_t value) { set(tag, std::string(1, static_cast<char>(value))); }

void TlvList::set_u16(uint16_t tag, uint16_t value) {
  set(tag, std::string{static_cast<char>(value >> 8), static_cast<char>(value & 0xFF)});
}

void TlvList::set_u32(uint16_t tag, uint32_t value) {
  set(tag, std::string{static_cast<char>(value >> 24), static_cast<char>(value >> 16 & 0xFF),
                       static_cast<char>(value >> 8 & 0xFF), static_cast<char>(value & 0xFF)});
}

void TlvList::set_cstring(uint16_t tag, std::string_view text) {
  std::string value(text);
  value.push_back('\0');
  set(tag, std::move(value));
}

size_t TlvList::remove(uint16_t tag) {
  return std::erase_if(items_, [tag](const Tlv& item) { return item.tag == tag; });
}

}  // namespace smppd::codec
