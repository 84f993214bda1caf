#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/codec/command_id.h"
#include "host/codec/field_id.h"
#include "host/codec/tlv.h"

namespace smppd::codec {

// One entry of submit_multi's destination list: an SME address (dest_flag 1) or a distribution
// list name (dest_flag 2, the name in `address`).
struct DestAddress {
  static constexpr uint8_t kSmeAddress = 1;
  static constexpr uint8_t kDistributionList = 2;

  uint8_t dest_flag = kSmeAddress;
  uint8_t ton = 0;
  uint8_t npi = 0;
  std::string address;

  bool operator==(const DestAddress&) const = default;
};

// One entry of submit_multi_resp's list of destinations that failed.
struct UnsuccessSme {
  uint8_t ton = 0;
  uint8_t npi = 0;
  std::string address;
  uint32_t error_status_code = 0;

  bool operator==(const UnsuccessSme&) const = default;
};

// A decoded PDU. One flat record for every command: which mandatory fields a command carries, in
// which order and with which limits, is its layout (pdu_layout.h), so a field means the same thing
// in every PDU (destination_addr of submit_sm, data_sm and cancel_sm alike) and can be read and
// written by FieldId, which is how plugins see messages.
struct Pdu {
  CommandId command_id = CommandId::generic_nack;
  uint32_t command_status = 0;
  uint32_t sequence_number = 0;

  // A response sent or received as a header only although its command has a body: error
  // responses (v3.4: "the body is not returned") and the "OK but empty" responses real SMSCs send.
  bool body_absent = false;

  // bind_*, bind_*_resp, outbind
  std::string system_id;
  std::string password;
  std::string system_type;
  uint8_t interface_version = 0;
  uint8_t addr_ton = 0;
  uint8_t addr_npi = 0;
  std::string address_range;

  // submit_sm, deliver_sm, data_sm, submit_multi, replace_sm, cancel_sm, query_sm, broadcast_sm ...
  std::string service_type;
  uint8_t source_addr_ton = 0;
  uint8_t source_addr_npi = 0;
  std::string source_addr;
  uint8_t dest_addr_ton = 0;
  uint8_t dest_addr_npi = 0;
  std::string destination_addr;
  uint8_t esm_class = 0;
  uint8_t protocol_id = 0;
  uint8_t priority_flag = 0;
  std::string schedule_delivery_time;
  std::string validity_period;
  uint8_t registered_delivery = 0;
  uint8_t replace_if_present_flag = 0;
  uint8_t data_coding = 0;
  uint8_t sm_default_msg_id = 0;
  std::string short_message;  // raw octets; sm_length is its size

  // responses and queries
  std::string message_id;
  std::string final_date;
  uint8_t message_state = 0;
  uint8_t error_code = 0;

  // alert_notification
  uint8_t esme_addr_ton = 0;
  uint8_t esme_addr_npi = 0;
  std::string esme_addr;

  std::vector<DestAddress> dest_addresses;   // submit_multi
  std::vector<UnsuccessSme> unsuccess_smes;  // submit_multi_resp

  TlvList tlvs;

  // Back to a default Pdu in place, keeping the strings' buffers: what decode_pdu starts from.
  void reset() noexcept;

  // Field access by id, for the codec's layout tables and the plugin ABI. nullptr when the field
  // is not a string (or not an octet) field.
  std::string* string_field(FieldId field);
  const std::string* string_field(FieldId field) const;
  uint8_t* octet_field(FieldId field);
  const uint8_t* octet_field(FieldId field) const;

  bool operator==(const Pdu&) const = default;
};

// esm_class bits the codec itself looks at.
inline constexpr uint8_t kEsmClassUdhi = 0x40;
inline constexpr uint8_t kEsmClassMessageTypeMask = 0x3C;
inline constexpr uint8_t kEsmClassDeliveryReceipt = 0x04;

}  // namespace smppd::codec
