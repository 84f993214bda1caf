#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::codec {

// User Data Header (3GPP TS 23.040 §9.2.3.24), present when esm_class has UDHI (0x40): UDHL, then
// information elements of IEI, IEDL and IEDL octets of data. Lengths are in octets, also for GSM-7.

inline constexpr uint8_t kIeiConcat8BitRef = 0x00;
inline constexpr uint8_t kIeiPorts8Bit = 0x04;
inline constexpr uint8_t kIeiPorts16Bit = 0x05;
inline constexpr uint8_t kIeiConcat16BitRef = 0x08;

struct InformationElement {
  uint8_t iei = 0;
  std::string data;

  bool operator==(const InformationElement&) const = default;
};

struct ConcatInfo {
  uint16_t reference = 0;
  uint8_t total = 0;
  uint8_t sequence = 0;  // 1-based
  bool sixteen_bit_reference = false;

  bool operator==(const ConcatInfo&) const = default;
};

struct PortInfo {
  uint16_t destination = 0;
  uint16_t source = 0;
  bool sixteen_bit = false;

  bool operator==(const PortInfo&) const = default;
};

enum class UdhError : uint8_t {
  none,
  empty_user_data,          // UDHI set on zero octets (sm_length 0)
  header_beyond_user_data,  // UDHL runs past the user data (Osmocom's NULL dereference)
  element_beyond_header,    // an IE's IEI, IEDL or data runs past UDHL
  concat_length_invalid,    // IE 0x00 without IEDL 3, or IE 0x08 without IEDL 4
  concat_total_zero,
  concat_sequence_zero,
  concat_sequence_beyond_total,
  port_length_invalid,  // IE 0x04 without IEDL 2, or IE 0x05 without IEDL 4
};

std::string_view udh_error_name(UdhError error);

struct Udh {
  // Octets of the header, UDHL octet included: where the text starts.
  size_t length = 0;
  std::vector<InformationElement> elements;  // in wire order, unknown IEIs included
  // When an IE is repeated, the last one counts (23.040's rule for non-repeatable IEs).
  std::optional<ConcatInfo> concat;
  std::optional<PortInfo> ports;
  std::string_view payload;  // the user data after the header; points into parse_udh's input
};

struct UdhParseResult {
  UdhError error = UdhError::none;
  Udh udh;  // meaningful only when ok()

  bool ok() const { return error == UdhError::none; }
};

// Never reads past user_data; the result's payload borrows from it.
UdhParseResult parse_udh(std::string_view user_data);
// A temporary string would leave payload dangling.
UdhParseResult parse_udh(std::string&& user_data) = delete;

// An 8-bit reference keeps the low octet of `reference`; 8-bit ports keep the low octets.
InformationElement concat_element(uint16_t reference, uint8_t total, uint8_t sequence, bool sixteen_bit_reference);
InformationElement port_element(uint16_t destination, uint16_t source, bool sixteen_bit);

// UDHL followed by the elements in the given order; nullopt when an element's data or the whole
// header does not fit its one-octet length.
std::optional<std::string> build_udh(std::span<const InformationElement> elements);

// `05 00 03 RR TT SS` or `06 08 04 RR RR TT SS`.
std::string build_concat_udh(uint16_t reference, uint8_t total, uint8_t sequence, bool sixteen_bit_reference);
// `04 04 02 DD SS` or `06 05 04 DD DD SS SS`.
std::string build_port_udh(uint16_t destination, uint16_t source, bool sixteen_bit);

}  // namespace smppd::codec
