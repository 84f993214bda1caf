#pragma once

#include <cstdint>
#include <string_view>

namespace smppd::codec {

// command_id values of SMPP v3.4 and the v5.0 broadcast family. A response is its request's id
// with bit 31 set.
enum class CommandId : uint32_t {
  generic_nack = 0x80000000,
  bind_receiver = 0x00000001,
  bind_receiver_resp = 0x80000001,
  bind_transmitter = 0x00000002,
  bind_transmitter_resp = 0x80000002,
  query_sm = 0x00000003,
  query_sm_resp = 0x80000003,
  submit_sm = 0x00000004,
  submit_sm_resp = 0x80000004,
  deliver_sm = 0x00000005,
  deliver_sm_resp = 0x80000005,
  unbind = 0x00000006,
  unbind_resp = 0x80000006,
  replace_sm = 0x00000007,
  replace_sm_resp = 0x80000007,
  cancel_sm = 0x00000008,
  cancel_sm_resp = 0x80000008,
  bind_transceiver = 0x00000009,
  bind_transceiver_resp = 0x80000009,
  outbind = 0x0000000B,
  enquire_link = 0x00000015,
  enquire_link_resp = 0x80000015,
  submit_multi = 0x00000021,
  submit_multi_resp = 0x80000021,
  alert_notification = 0x00000102,
  data_sm = 0x00000103,
  data_sm_resp = 0x80000103,
  broadcast_sm = 0x00000111,
  broadcast_sm_resp = 0x80000111,
  query_broadcast_sm = 0x00000112,
  query_broadcast_sm_resp = 0x80000112,
  cancel_broadcast_sm = 0x00000113,
  cancel_broadcast_sm_resp = 0x80000113,
};

inline constexpr uint32_t kResponseBit = 0x80000000;

constexpr bool is_response(CommandId id) { return (static_cast<uint32_t>(id) & kResponseBit) != 0; }

// The response a request is answered with. outbind and alert_notification have none: for them
// this returns generic_nack, which is also what an undecodable request is answered with.
CommandId response_of(CommandId request);

// True for the command_ids this codec knows (the enum above).
bool is_known_command(uint32_t command_id);

// "submit_sm" for a known id, "" otherwise.
std::string_view command_name(uint32_t command_id);
inline std::string_view command_name(CommandId id) { return command_name(static_cast<uint32_t>(id)); }

}  // namespace smppd::codec
