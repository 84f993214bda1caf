#include "tests/support/raw_pdu.h"

#include "host/codec/frame.h"

namespace smppd::testing {

std::vector<uint8_t> RawPdu::bytes() const {
  std::vector<uint8_t> out;
  codec::ByteWriter writer(out);
  writer.u32(command_length.value_or(static_cast<uint32_t>(codec::kHeaderLength + body.size())));
  writer.u32(command_id);
  writer.u32(command_status);
  writer.u32(sequence_number);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

void write_bind_body(codec::ByteWriter& out, std::string_view system_id, std::string_view password,
                     uint8_t interface_version) {
  out.cstring(system_id);
  out.cstring(password);
  out.cstring("");  // system_type
  out.u8(interface_version);
  out.u8(0);        // addr_ton
  out.u8(0);        // addr_npi
  out.cstring("");  // address_range
}

void write_submit_sm_body(codec::ByteWriter& out, const SubmitSmFields& fields) {
  out.cstring("");  // service_type
  out.u8(5);        // source_addr_ton: alphanumeric
  out.u8(0);
  out.cstring(fields.source_addr);
  out.u8(1);  // dest_addr_ton: international
  out.u8(1);  // dest_addr_npi: E.164
  out.cstring(fields.destination_addr);
  out.u8(fields.esm_class);
  out.u8(0);        // protocol_id
  out.u8(0);        // priority_flag
  out.cstring("");  // schedule_delivery_time
  out.cstring("");  // validity_period
  out.u8(0);        // registered_delivery
  out.u8(0);        // replace_if_present_flag
  out.u8(fields.data_coding);
  out.u8(0);  // sm_default_msg_id
  out.u8(fields.sm_length.value_or(static_cast<uint8_t>(fields.short_message.size())));
  out.bytes(fields.short_message);
}

void write_tlv(codec::ByteWriter& out, uint16_t tag, uint16_t length, std::string_view value) {
  out.u16(tag);
  out.u16(length);
  out.bytes(value);
}

}  // namespace smppd::testing
