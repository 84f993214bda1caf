#include "host/codec/text/udh.h"

#include <utility>

namespace smppd::codec {
namespace {

uint8_t octet_at(std::string_view bytes, size_t offset) { return static_cast<uint8_t>(bytes[offset]); }

uint16_t u16_at(std::string_view bytes, size_t offset) {
  return static_cast<uint16_t>(octet_at(bytes, offset) << 8 | octet_at(bytes, offset + 1));
}

// Checks a concatenation or port IE and records it; any other IE is accepted as it is.
UdhError interpret_element(const InformationElement& element, Udh& udh) {
  const std::string_view data = element.data;
  switch (element.iei) {
    case kIeiConcat8BitRef:
    case kIeiConcat16BitRef: {
      const bool sixteen_bit = element.iei == kIeiConcat16BitRef;
      if (data.size() != (sixteen_bit ? 4u : 3u)) return UdhError::concat_length_invalid;
      ConcatInfo concat;
      concat.sixteen_bit_reference = sixteen_bit;
      concat.reference = sixteen_bit ? u16_at(data, 0) : octet_at(data, 0);
      concat.total = octet_at(data, data.size() - 2);
      concat.sequence = octet_at(data, data.size() - 1);
      if (concat.total == 0) return UdhError::concat_total_zero;
      if (concat.sequence == 0) return UdhError::concat_sequence_zero;
      if (concat.sequence > concat.total) return UdhError::concat_sequence_beyond_total;
      udh.concat = concat;
      return UdhError::none;
    }
    case kIeiPorts8Bit:
    case kIeiPorts16Bit: {
      const bool sixteen_bit = element.iei == kIeiPorts16Bit;
      if (data.size() != (sixteen_bit ? 4u : 2u)) return UdhError::port_length_invalid;
      PortInfo ports;
      ports.sixteen_bit = sixteen_bit;
      ports.destination = sixteen_bit ? u16_at(data, 0) : octet_at(data, 0);
      ports.source = sixteen_bit ? u16_at(data, 2) : octet_at(data, 1);
      udh.ports = ports;
      return UdhError::none;
    }
    default: return UdhError::none;
  }
}

}  // namespace

std::string_view udh_error_name(UdhError error) {
  switch (error) {
    case UdhError::none: return "none";
    case UdhError::empty_user_data: return "empty_user_data";
    case UdhError::header_beyond_user_data: return "header_beyond_user_data";
    case UdhError::element_beyond_header: return "element_beyond_header";
    case UdhError::concat_length_invalid: return "concat_length_invalid";
    case UdhError::concat_total_zero: return "concat_total_zero";
    case UdhError::concat_sequence_zero: return "concat_sequence_zero";
    case UdhError::concat_sequence_beyond_total: return "concat_sequence_beyond_total";
    case UdhError::port_length_invalid: return "port_length_invalid";
  }
  return "";
}

UdhParseResult parse_udh(std::string_view user_data) {
  UdhParseResult result;
  if (user_data.empty()) {
    result.error = UdhError::empty_user_data;
    return result;
  }
  const size_t header_length = size_t{octet_at(user_data, 0)} + 1;
  if (header_length > user_data.size()) {
    result.error = UdhError::header_beyond_user_data;
    return result;
  }

  Udh& udh = result.udh;
  const std::string_view elements = user_data.substr(1, header_length - 1);
  size_t offset = 0;
  while (offset < elements.size()) {
    if (elements.size() - offset < 2) {
      result.error = UdhError::element_beyond_header;
      return result;
    }
    const uint8_t iei = octet_at(elements, offset);
    const size_t data_length = octet_at(elements, offset + 1);
    offset += 2;
    if (elements.size() - offset < data_length) {
      result.error = UdhError::element_beyond_header;
      return result;
    }
    InformationElement element{iei, std::string(elements.substr(offset, data_length))};
    offset += data_length;
    if (const UdhError error = interpret_element(element, udh); error != UdhError::none) {
      result.error = error;
      return result;
    }
    udh.elements.push_back(std::move(element));
  }
  udh.length = header_length;
  udh.payload = user_data.substr(header_length);
  return result;
}

InformationElement concat_element(uint16_t reference, uint8_t total, uint8_t sequence, bool sixteen_bit_reference) {
  InformationElement element;
  if (sixteen_bit_reference) {
    element.iei = kIeiConcat16BitRef;
    element.data.push_back(static_cast<char>(reference >> 8));
  } else {
    element.iei = kIeiConcat8BitRef;
  }
  element.data.push_back(static_cast<char>(reference & 0xFF));
  element.data.push_back(static_cast<char>(total));
  element.data.push_back(static_cast<char>(sequence));
  return element;
}

InformationElement port_element(uint16_t destination, uint16_t source, bool sixteen_bit) {
  InformationElement element;
  element.iei = sixteen_bit ? kIeiPorts16Bit : kIeiPorts8Bit;
  if (sixteen_bit) element.data.push_back(static_cast<char>(destination >> 8));
  element.data.push_back(static_cast<char>(destination & 0xFF));
  if (sixteen_bit) element.data.push_back(static_cast<char>(source >> 8));
  element.data.push_back(static_cast<char>(source & 0xFF));
  return element;
}

std::optional<std::string> build_udh(std::span<const InformationElement> elements) {
  constexpr size_t kMaxOctet = 0xFF;
  size_t header_length = 0;
  for (const auto& element : elements) {
    if (element.data.size() > kMaxOctet) return std::nullopt;
    header_length += 2 + element.data.size();
    if (header_length > kMaxOctet) return std::nullopt;
  }
  std::string udh;
  udh.reserve(1 + header_length);
  udh.push_back(static_cast<char>(header_length));
  for (const auto& element : elements) {
    udh.push_back(static_cast<char>(element.iei));
    udh.push_back(static_cast<char>(element.data.size()));
    udh += element.data;
  }
  return udh;
}

std::string build_concat_udh(uint16_t reference, uint8_t total, uint8_t sequence, bool sixteen_bit_reference) {
  const InformationElement element = concat_element(reference, total, sequence, sixteen_bit_reference);
  // One short element always fits, so the optional is never empty here.
  return build_udh({&element, 1}).value_or(std::string());
}

std::string build_port_udh(uint16_t destination, uint16_t source, bool sixteen_bit) {
  const InformationElement element = port_element(destination, source, sixteen_bit);
  return build_udh({&element, 1}).value_or(std::string());
}

}  // namespace smppd::codec
