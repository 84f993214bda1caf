#include "plugins/upstream/mock/deliver_sm.h"

namespace smppd::plugins::mock {

DeliverSm make_receipt(const SubmittedMessage& submitted, std::string_view message_id, ReceiptState state,
                       int64_t submit_realtime_ns, int64_t done_realtime_ns) {
  DeliverSm receipt;
  receipt.esm_class = kEsmClassDeliveryReceipt;
  receipt.source_addr = submitted.destination_addr;
  receipt.source_addr_ton = submitted.dest_addr_ton;
  receipt.source_addr_npi = submitted.dest_addr_npi;
  receipt.destination_addr = submitted.source_addr;
  receipt.dest_addr_ton = submitted.source_addr_ton;
  receipt.dest_addr_npi = submitted.source_addr_npi;
  receipt.data_coding = submitted.text_head.data_coding;
  receipt.short_message = format_receipt_text(
      ReceiptText{message_id, state, submit_realtime_ns, done_realtime_ns, submitted.text_head.octets});
  std::string receipted_id(message_id);
  receipted_id += '\0';
  receipt.tlvs.emplace_back(kTagReceiptedMessageId, std::move(receipted_id));
  receipt.tlvs.emplace_back(kTagMessageState, std::string(1, static_cast<char>(message_state_value(state))));
  return receipt;
}

DeliverSm make_mo(const MoSettings& mo) {
  DeliverSm message;
  message.esm_class = 0x00;
  message.source_addr = mo.source;
  message.destination_addr = mo.destination;
  message.data_coding = 0x00;
  message.short_message = mo.gsm7_text;
  return message;
}

}  // namespace smppd::plugins::mock
