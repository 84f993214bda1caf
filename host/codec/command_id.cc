#include "host/codec/command_id.h"

namespace smppd::codec {

CommandId response_of(CommandId request) {
  switch (request) {
    case CommandId::outbind:
    case CommandId::alert_notification:
      return CommandId::generic_nack;
    default:
      break;
  }
  if (is_response(request)) return CommandId::generic_nack;
  return static_cast<CommandId>(static_cast<uint32_t>(request) | kResponseBit);
}

bool is_known_command(uint32_t command_id) { return !command_name(command_id).empty(); }

std::string_view command_name(uint32_t command_id) {
  switch (static_cast<CommandId>(command_id)) {
    case CommandId::generic_nack: return "generic_nack";
    case CommandId::bind_receiver: return "bind_receiver";
    case CommandId::bind_receiver_resp: return "bind_receiver_resp";
    case CommandId::bind_transmitter: return "bind_transmitter";
    case CommandId::bind_transmitter_resp: return "bind_transmitter_resp";
    case CommandId::query_sm: return "query_sm";
    case CommandId::query_sm_resp: return "query_sm_resp";
    case CommandId::submit_sm: return "submit_sm";
    case CommandId::submit_sm_resp: return "submit_sm_resp";
    case CommandId::deliver_sm: return "deliver_sm";
    case CommandId::deliver_sm_resp: return "deliver_sm_resp";
    case CommandId::unbind: return "unbind";
    case CommandId::unbind_resp: return "unbind_resp";
    case CommandId::replace_sm: return "replace_sm";
    case CommandId::replace_sm_resp: return "replace_sm_resp";
    case CommandId::cancel_sm: return "cancel_sm";
    case CommandId::cancel_sm_resp: return "cancel_sm_resp";
    case CommandId::bind_transceiver: return "bind_transceiver";
    case CommandId::bind_transceiver_resp: return "bind_transceiver_resp";
    case CommandId::outbind: return "outbind";
    case CommandId::enquire_link: return "enquire_link";
    case CommandId::enquire_link_resp: return "enquire_link_resp";
    case CommandId::submit_multi: return "submit_multi";
    case CommandId::submit_multi_resp: return "submit_multi_resp";
    case CommandId::alert_notification: return "alert_notification";
    case CommandId::data_sm: return "data_sm";
    case CommandId::data_sm_resp: return "data_sm_resp";
    case CommandId::broadcast_sm: return "broadcast_sm";
    case CommandId::broadcast_sm_resp: return "broadcast_sm_resp";
    case CommandId::query_broadcast_sm: return "query_broadcast_sm";
    case CommandId::query_broadcast_sm_resp: return "query_broadcast_sm_resp";
    case CommandId::cancel_broadcast_sm: return "cancel_broadcast_sm";
    case CommandId::cancel_broadcast_sm_resp: return "cancel_broadcast_sm_resp";
  }
  return "";
}

}  // namespace smppd::codec
