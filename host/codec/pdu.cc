#include "host/codec/pdu.h"

namespace smppd::codec {

void Pdu::reset() noexcept {
  // Member by member, not `*this = Pdu{}`: that zeroed a 550-octet temporary and moved every
  // member out of it, for every PDU decoded. pdu_test.cc checks that this misses no member.
  command_id = CommandId::generic_nack;
  command_status = 0;
  sequence_number = 0;
  body_absent = false;
  system_id.clear();
  password.clear();
  system_type.clear();
  interface_version = 0;
  addr_ton = 0;
  addr_npi = 0;
  address_range.clear();
  service_type.clear();
  source_addr_ton = 0;
  source_addr_npi = 0;
  source_addr.clear();
  dest_addr_ton = 0;
  dest_addr_npi = 0;
  destination_addr.clear();
  esm_class = 0;
  protocol_id = 0;
  priority_flag = 0;
  schedule_delivery_time.clear();
  validity_period.clear();
  registered_delivery = 0;
  replace_if_present_flag = 0;
  data_coding = 0;
  sm_default_msg_id = 0;
  short_message.clear();
  message_id.clear();
  final_date.clear();
  message_state = 0;
  error_code = 0;
  esme_addr_ton = 0;
  esme_addr_npi = 0;
  esme_addr.clear();
  dest_addresses.clear();
  unsuccess_smes.clear();
  tlvs.clear();
}

std::string* Pdu::string_field(FieldId field) {
  switch (field) {
    case FieldId::system_id: return &system_id;
    case FieldId::password: return &password;
    case FieldId::system_type: return &system_type;
    case FieldId::address_range: return &address_range;
    case FieldId::service_type: return &service_type;
    case FieldId::source_addr: return &source_addr;
    case FieldId::destination_addr: return &destination_addr;
    case FieldId::schedule_delivery_time: return &schedule_delivery_time;
    case FieldId::validity_period: return &validity_period;
    case FieldId::short_message: return &short_message;
    case FieldId::message_id: return &message_id;
    case FieldId::final_date: return &final_date;
    case FieldId::esme_addr: return &esme_addr;
    default: return nullptr;
  }
}

const std::string* Pdu::string_field(FieldId field) const { return const_cast<Pdu*>(this)->string_field(field); }

uint8_t* Pdu::octet_field(FieldId field) {
  switch (field) {
    case FieldId::interface_version: return &interface_version;
    case FieldId::addr_ton: return &addr_ton;
    case FieldId::addr_npi: return &addr_npi;
    case FieldId::source_addr_ton: return &source_addr_ton;
    case FieldId::source_addr_npi: return &source_addr_npi;
    case FieldId::dest_addr_ton: return &dest_addr_ton;
    case FieldId::dest_addr_npi: return &dest_addr_npi;
    case FieldId::esm_class: return &esm_class;
    case FieldId::protocol_id: return &protocol_id;
    case FieldId::priority_flag: return &priority_flag;
    case FieldId::registered_delivery: return &registered_delivery;
    case FieldId::replace_if_present_flag: return &replace_if_present_flag;
    case FieldId::data_coding: return &data_coding;
    case FieldId::sm_default_msg_id: return &sm_default_msg_id;
    case FieldId::message_state: return &message_state;
    case FieldId::error_code: return &error_code;
    case FieldId::esme_addr_ton: return &esme_addr_ton;
    case FieldId::esme_addr_npi: return &esme_addr_npi;
    default: return nullptr;
  }
}

const uint8_t* Pdu::octet_field(FieldId field) const { return const_cast<Pdu*>(this)->octet_field(field); }

}  // namespace smppd::codec
