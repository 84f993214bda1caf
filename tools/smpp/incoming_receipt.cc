#include "tools/smpp/incoming_receipt.h"

#include <string_view>

#include "host/codec/text/data_coding.h"
#include "host/codec/tlv_tag.h"

namespace smppd::tools {

namespace {

constexpr uint8_t kEsmClassIntermediateNotification = 0x20;

bool is_receipt_type(uint8_t esm_class) {
  const uint8_t type = esm_class & codec::kEsmClassMessageTypeMask;
  return type == codec::kEsmClassDeliveryReceipt || type == kEsmClassIntermediateNotification;
}

// The receipt text: short_message, or message_payload when the MC used that. UCS-2 receipts
// exist (TD E60); they are read as the UTF-8 text they carry.
std::string receipt_text(const codec::Pdu& pdu) {
  std::string_view bytes = pdu.short_message;
  if (bytes.empty()) {
    if (const codec::Tlv* payload = pdu.tlvs.find(codec::tlv::kMessagePayload)) bytes = payload->value;
  }
  if (codec::text_encoding_of(pdu.data_coding) == codec::TextEncoding::ucs2) {
    codec::DecodedText decoded = codec::decode_text(pdu.data_coding, bytes);
    if (!decoded.lossy) return std::move(decoded.utf8);
  }
  return std::string(bytes);
}

}  // namespace

std::optional<IncomingReceipt> read_incoming_receipt(const codec::Pdu& pdu) {
  if (pdu.command_id != codec::CommandId::deliver_sm && pdu.command_id != codec::CommandId::data_sm) {
    return std::nullopt;
  }
  if (!is_receipt_type(pdu.esm_class)) return std::nullopt;

  IncomingReceipt receipt;
  receipt.text = codec::parse_delivery_receipt(receipt_text(pdu));
  if (const auto id = pdu.tlvs.get_cstring(codec::tlv::kReceiptedMessageId); id && !id->empty()) {
    receipt.message_id = std::string(*id);
  } else if (receipt.text) {
    receipt.message_id = receipt.text->id;
  }
  if (receipt.message_id.empty()) return std::nullopt;

  if (const auto value = pdu.tlvs.get_int(codec::tlv::kMessageState)) {
    receipt.state = codec::message_state_from_value(static_cast<uint8_t>(*value));
  }
  if (receipt.text) {
    receipt.stat = receipt.text->stat;
    receipt.err = receipt.text->err;
    if (!receipt.state) receipt.state = receipt.text->state;
  }
  if (receipt.stat.empty() && receipt.state) receipt.stat = std::string(codec::stat_word(*receipt.state));
  return receipt;
}

}  // namespace smppd::tools
