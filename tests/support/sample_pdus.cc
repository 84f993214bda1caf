#include "tests/support/sample_pdus.h"

#include <string>

#include "host/codec/tlv_tag.h"

namespace smppd::testing {
namespace {

using codec::CommandId;
using codec::Pdu;
namespace tlv = codec::tlv;

Pdu header(CommandId id, uint32_t sequence, uint32_t status = 0) {
  Pdu pdu;
  pdu.command_id = id;
  pdu.sequence_number = sequence;
  pdu.command_status = status;
  return pdu;
}

Pdu bind(CommandId id, uint32_t sequence) {
  Pdu pdu = header(id, sequence);
  pdu.system_id = "smppd-test";
  pdu.password = "secret";
  pdu.system_type = "VMA";
  pdu.interface_version = 0x34;
  pdu.addr_ton = 1;
  pdu.addr_npi = 1;
  pdu.address_range = "^44";
  return pdu;
}

Pdu bind_resp(CommandId id, uint32_t sequence) {
  Pdu pdu = header(id, sequence);
  pdu.system_id = "SMSC";
  pdu.tlvs.set_u8(tlv::kScInterfaceVersion, 0x34);
  return pdu;
}

Pdu message(CommandId id, uint32_t sequence) {
  Pdu pdu = header(id, sequence);
  pdu.service_type = "CMT";
  pdu.source_addr_ton = 5;
  pdu.source_addr_npi = 0;
  pdu.source_addr = "smppd";
  pdu.dest_addr_ton = 1;
  pdu.dest_addr_npi = 1;
  pdu.destination_addr = "447700900123";
  pdu.registered_delivery = 1;
  pdu.short_message = "Hello from smppd";
  pdu.tlvs.set_u16(tlv::kUserMessageReference, 42);
  return pdu;
}

Pdu message_id_resp(CommandId id, uint32_t sequence, const char* message_id) {
  Pdu pdu = header(id, sequence);
  pdu.message_id = message_id;
  return pdu;
}

}  // namespace

std::vector<Pdu> one_pdu_of_every_command() {
  std::vector<Pdu> pdus;
  uint32_t sequence = 1;
  auto next = [&sequence] { return sequence++; };

  pdus.push_back(bind(CommandId::bind_transmitter, next()));
  pdus.push_back(bind_resp(CommandId::bind_transmitter_resp, sequence - 1));
  pdus.push_back(bind(CommandId::bind_receiver, next()));
  pdus.push_back(bind_resp(CommandId::bind_receiver_resp, sequence - 1));
  pdus.push_back(bind(CommandId::bind_transceiver, next()));
  pdus.push_back(bind_resp(CommandId::bind_transceiver_resp, sequence - 1));

  Pdu outbind = header(CommandId::outbind, next());
  outbind.system_id = "SMSC";
  outbind.password = "secret";
  pdus.push_back(outbind);

  pdus.push_back(message(CommandId::submit_sm, next()));
  pdus.push_back(message_id_resp(CommandId::submit_sm_resp, sequence - 1, "a1b2c3d4"));

  Pdu receipt = message(CommandId::deliver_sm, next());
  std::swap(receipt.source_addr, receipt.destination_addr);
  receipt.source_addr_ton = 1;
  receipt.source_addr_npi = 1;
  receipt.dest_addr_ton = 5;
  receipt.dest_addr_npi = 0;
  receipt.esm_class = codec::kEsmClassDeliveryReceipt;
  receipt.registered_delivery = 0;
  receipt.short_message =
      "id:a1b2c3d4 sub:001 dlvrd:001 submit date:2511260101 done date:2511260102 stat:DELIVRD err:000 "
      "text:Hello from smppd";
  receipt.tlvs.clear();
  receipt.tlvs.set_cstring(tlv::kReceiptedMessageId, "a1b2c3d4");
  receipt.tlvs.set_u8(tlv::kMessageState, 2);
  receipt.tlvs.set(tlv::kNetworkErrorCode, std::string("\x03\x00\x00", 3));
  pdus.push_back(receipt);
  pdus.push_back(message_id_resp(CommandId::deliver_sm_resp, sequence - 1, ""));

  Pdu data = header(CommandId::data_sm, next());
  data.source_addr_ton = 1;
  data.source_addr_npi = 1;
  data.source_addr = "447700900001";
  data.dest_addr_ton = 1;
  data.dest_addr_npi = 1;
  data.destination_addr = "447700900002";
  data.tlvs.set(tlv::kMessagePayload, "data_sm payload");
  pdus.push_back(data);
  pdus.push_back(message_id_resp(CommandId::data_sm_resp, sequence - 1, "d0001"));

  Pdu query = header(CommandId::query_sm, next());
  query.message_id = "a1b2c3d4";
  query.source_addr_ton = 5;
  query.source_addr = "smppd";
  pdus.push_back(query);
  Pdu query_resp = message_id_resp(CommandId::query_sm_resp, sequence - 1, "a1b2c3d4");
  query_resp.final_date = "251126010203004+";
  query_resp.message_state = 2;
  pdus.push_back(query_resp);

  Pdu cancel = header(CommandId::cancel_sm, next());
  cancel.message_id = "a1b2c3d4";
  cancel.source_addr_ton = 5;
  cancel.source_addr = "smppd";
  cancel.dest_addr_ton = 1;
  cancel.dest_addr_npi = 1;
  cancel.destination_addr = "447700900123";
  pdus.push_back(cancel);
  pdus.push_back(header(CommandId::cancel_sm_resp, sequence - 1));

  Pdu replace = header(CommandId::replace_sm, next());
  replace.message_id = "a1b2c3d4";
  replace.source_addr_ton = 5;
  replace.source_addr = "smppd";
  replace.schedule_delivery_time = "000000010000000R";
  replace.short_message = "Replaced text";
  pdus.push_back(replace);
  pdus.push_back(header(CommandId::replace_sm_resp, sequence - 1));

  Pdu multi = message(CommandId::submit_multi, next());
  multi.destination_addr.clear();  // submit_multi names its destinations in dest_addresses
  multi.dest_addr_ton = 0;
  multi.dest_addr_npi = 0;
  multi.dest_addresses = {{codec::DestAddress::kSmeAddress, 1, 1, "447700900123"},
                          {codec::DestAddress::kDistributionList, 0, 0, "staff"}};
  pdus.push_back(multi);
  Pdu multi_resp = message_id_resp(CommandId::submit_multi_resp, sequence - 1, "m0001");
  multi_resp.unsuccess_smes = {{1, 1, "447700900999", 0x0000000B}};
  pdus.push_back(multi_resp);

  Pdu alert = header(CommandId::alert_notification, next());
  alert.source_addr_ton = 1;
  alert.source_addr_npi = 1;
  alert.source_addr = "447700900123";
  alert.esme_addr_ton = 5;
  alert.esme_addr = "smppd";
  alert.tlvs.set_u8(tlv::kMsAvailabilityStatus, 0);
  pdus.push_back(alert);

  pdus.push_back(header(CommandId::enquire_link, next()));
  pdus.push_back(header(CommandId::enquire_link_resp, sequence - 1));

  Pdu broadcast = header(CommandId::broadcast_sm, next());
  broadcast.source_addr_ton = 5;
  broadcast.source_addr = "smppd";
  broadcast.tlvs.set(tlv::kBroadcastAreaIdentifier, std::string("\x00" "area51", 7));
  broadcast.tlvs.set(tlv::kBroadcastContentType, std::string("\x01\x00\x00", 3));
  broadcast.tlvs.set_u16(tlv::kBroadcastRepNum, 1);
  broadcast.tlvs.set(tlv::kBroadcastFrequencyInterval, std::string("\x09\x00\x05", 3));
  broadcast.tlvs.set(tlv::kMessagePayload, "Broadcast text");
  pdus.push_back(broadcast);
  pdus.push_back(message_id_resp(CommandId::broadcast_sm_resp, sequence - 1, "b0001"));

  Pdu query_broadcast = header(CommandId::query_broadcast_sm, next());
  query_broadcast.message_id = "b0001";
  query_broadcast.source_addr_ton = 5;
  query_broadcast.source_addr = "smppd";
  pdus.push_back(query_broadcast);
  Pdu query_broadcast_resp = message_id_resp(CommandId::query_broadcast_sm_resp, sequence - 1, "b0001");
  query_broadcast_resp.tlvs.set_u8(tlv::kMessageState, 2);
  query_broadcast_resp.tlvs.set(tlv::kBroadcastAreaIdentifier, std::string("\x00" "area51", 7));
  query_broadcast_resp.tlvs.set_u8(tlv::kBroadcastAreaSuccess, 100);
  pdus.push_back(query_broadcast_resp);

  Pdu cancel_broadcast = header(CommandId::cancel_broadcast_sm, next());
  cancel_broadcast.message_id = "b0001";
  cancel_broadcast.source_addr_ton = 5;
  cancel_broadcast.source_addr = "smppd";
  pdus.push_back(cancel_broadcast);
  pdus.push_back(header(CommandId::cancel_broadcast_sm_resp, sequence - 1));

  pdus.push_back(header(CommandId::unbind, next()));
  pdus.push_back(header(CommandId::unbind_resp, sequence - 1));
  pdus.push_back(header(CommandId::generic_nack, 0, 0x00000003));
  return pdus;
}

}  // namespace smppd::testing
