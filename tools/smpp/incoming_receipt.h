#pragma once

#include <optional>
#include <string>

#include "host/codec/pdu.h"
#include "host/codec/receipt/delivery_receipt.h"
#include "host/codec/receipt/message_state.h"

namespace smppd::tools {

// A delivery receipt as an ESME wants it: which message, what became of it.
struct IncomingReceipt {
  // receipted_message_id when the TLV is there (S34 asks MCs to prefer it), else the text's id.
  std::string message_id;
  // The text's stat word, else the word of the message_state TLV.
  std::string stat;
  // The text's err, else "" (network_error_code is binary and kept out of this field).
  std::string err;
  // message_state TLV, else the stat word read.
  std::optional<codec::MessageState> state;
  // The parsed receipt text, when the message carried one.
  std::optional<codec::DeliveryReceipt> text;
};

// The receipt a deliver_sm or data_sm carries: esm_class message type 0x04 (MC delivery receipt)
// or 0x20 (intermediate notification). nullopt for anything else, i.e. a mobile-originated
// message, and for a receipt that names no message at all.
std::optional<IncomingReceipt> read_incoming_receipt(const codec::Pdu& pdu);

}  // namespace smppd::tools
