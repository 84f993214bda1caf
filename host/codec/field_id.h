#pragma once

#include <cstdint>
#include <string_view>

namespace smppd::codec {

// The mandatory fields of all PDUs, by the names the SMPP specifications use. The numbers are
// stable: the plugin ABI exposes fields by id (SMPPD_F_*), so values are only ever appended.
enum class FieldId : uint16_t {
  none = 0,
  command_length = 1,
  command_id = 2,
  command_status = 3,
  sequence_number = 4,
  system_id = 10,
  password = 11,
  system_type = 12,
  interface_version = 13,
  addr_ton = 14,
  addr_npi = 15,
  address_range = 16,
  service_type = 20,
  source_addr_ton = 21,
  source_addr_npi = 22,
  source_addr = 23,
  dest_addr_ton = 24,
  dest_addr_npi = 25,
  destination_addr = 26,
  esm_class = 27,
  protocol_id = 28,
  priority_flag = 29,
  schedule_delivery_time = 30,
  validity_period = 31,
  registered_delivery = 32,
  replace_if_present_flag = 33,
  data_coding = 34,
  sm_default_msg_id = 35,
  short_message = 36,  // with its sm_length
  message_id = 40,
  final_date = 41,
  message_state = 42,
  error_code = 43,
  esme_addr_ton = 50,
  esme_addr_npi = 51,
  esme_addr = 52,
  dest_addresses = 60,  // submit_multi: number_of_dests and the dest_address list
  unsuccess_smes = 61,  // submit_multi_resp: no_unsuccess and the unsuccess_sme list
  dl_name = 62,         // inside dest_addresses
  tlvs = 70,            // the optional parameters
};

// "destination_addr" for a field id.
std::string_view field_name(FieldId field);

}  // namespace smppd::codec
