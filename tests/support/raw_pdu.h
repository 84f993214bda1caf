#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/codec/byte_writer.h"
#include "host/codec/command_id.h"

namespace smppd::testing {

// A PDU written octet by octet, for inputs the encoder refuses to produce: a wrong command_length,
// a C-string without its NUL, a TLV that runs past the end. `body` is written with body_writer().
struct RawPdu {
  uint32_t command_id = 0;
  uint32_t command_status = 0;
  uint32_t sequence_number = 1;
  std::vector<uint8_t> body;
  // What the header claims; the real size (16 + body) when left out.
  std::optional<uint32_t> command_length;

  RawPdu(uint32_t id, uint32_t sequence) : command_id(id), sequence_number(sequence) {}
  RawPdu(codec::CommandId id, uint32_t sequence) : RawPdu(static_cast<uint32_t>(id), sequence) {}

  codec::ByteWriter body_writer() { return codec::ByteWriter(body); }
  std::vector<uint8_t> bytes() const;
};

// The bind body of SMPP v3.4 §4.1.1 (system_id, password, system_type, interface_version,
// addr_ton, addr_npi, address_range), each C-string written with its NUL.
void write_bind_body(codec::ByteWriter& out, std::string_view system_id, std::string_view password,
                     uint8_t interface_version = 0x34);

// The submit_sm body of SMPP v3.4 §4.4.1 up to and including sm_length and short_message.
// `sm_length` overrides the length octet (it is the text's size when left out).
struct SubmitSmFields {
  std::string source_addr = "smppd-test";
  std::string destination_addr = "4915112345678";
  uint8_t esm_class = 0;
  uint8_t data_coding = 0;
  std::string short_message = "hello";
  std::optional<uint8_t> sm_length;

  SubmitSmFields& source(std::string value) { source_addr = std::move(value); return *this; }
  SubmitSmFields& destination(std::string value) { destination_addr = std::move(value); return *this; }
  SubmitSmFields& esm(uint8_t value) { esm_class = value; return *this; }
  SubmitSmFields& coding(uint8_t value) { data_coding = value; return *this; }
  SubmitSmFields& text(std::string value) { short_message = std::move(value); return *this; }
  SubmitSmFields& length(uint8_t value) { sm_length = value; return *this; }
};
void write_submit_sm_body(codec::ByteWriter& out, const SubmitSmFields& fields);

// A TLV as the wire carries it: tag, the given length (which may lie), then the value.
void write_tlv(codec::ByteWriter& out, uint16_t tag, uint16_t length, std::string_view value);
inline void write_tlv(codec::ByteWriter& out, uint16_t tag, std::string_view value) {
  write_tlv(out, tag, static_cast<uint16_t>(value.size()), value);
}

}  // namespace smppd::testing
