// The message table of the plugin ABI: field and TLV access to a decoded PDU by id.
#include <algorithm>
#include <cstddef>
#include <cstring>

#include "host/api/call.h"
#include "host/api/fill_what_fits.h"
#include "host/codec/pdu_layout.h"
#include "host/codec/text/udh.h"
#include "host/codec/tlv_tag.h"
#include "smppd/cxx/message_parts.hpp"

namespace smppd::api {
namespace {

using codec::FieldId;
using codec::FieldKind;

// The spec of `field` in this message's command, or nullptr when the command has no such field.
const codec::FieldSpec* field_spec(const smppd_message* message, int32_t field) {
  const codec::PduLayout* layout = codec::find_layout(static_cast<uint32_t>(message->pdu->command_id));
  if (layout == nullptr) return nullptr;
  auto it = std::find_if(layout->fields.begin(), layout->fields.end(),
                         [&](const codec::FieldSpec& spec) { return static_cast<int32_t>(spec.id) == field; });
  return it == layout->fields.end() ? nullptr : &*it;
}

bool is_string_kind(FieldKind kind) {
  return kind == FieldKind::cstring || kind == FieldKind::time || kind == FieldKind::short_message;
}

uint32_t command_id(const smppd_message* message) { return static_cast<uint32_t>(message->pdu->command_id); }

int32_t get_string(const smppd_message* message, int32_t field, smppd_host_view* out) {
  if (message == nullptr || out == nullptr) return SMPPD_E_INVALID;
  const codec::FieldSpec* spec = field_spec(message, field);
  if (spec == nullptr) return SMPPD_E_NOT_FOUND;
  if (!is_string_kind(spec->kind)) return SMPPD_E_INVALID;
  const std::string* value = message->pdu->string_field(spec->id);
  if (value == nullptr) return SMPPD_E_INVALID;
  *out = smppd_host_view{value->data(), value->size()};
  return SMPPD_OK;
}

int32_t set_string(smppd_message* message, int32_t field, smppd_plugin_view value) {
  if (message == nullptr || (value.data == nullptr && value.size != 0)) return SMPPD_E_INVALID;
  const codec::FieldSpec* spec = field_spec(message, field);
  if (spec == nullptr) return SMPPD_E_NOT_FOUND;
  if (!is_string_kind(spec->kind)) return SMPPD_E_INVALID;
  const uint64_t limit = spec->kind == FieldKind::short_message ? 255 : spec->max_with_nul - 1u;
  if (value.size > limit) return SMPPD_E_RANGE;
  if (spec->kind != FieldKind::short_message &&
      std::find(value.data, value.data + value.size, '\0') != value.data + value.size) {
    return SMPPD_E_INVALID;  // a NUL would end the C-string early on the wire
  }
  std::string* target = message->pdu->string_field(spec->id);
  if (target == nullptr) return SMPPD_E_INVALID;
  target->assign(value.data, value.size);
  message->text_decoded = false;
  return SMPPD_OK;
}

int32_t get_int(const smppd_message* message, int32_t field, int64_t* out) {
  if (message == nullptr || out == nullptr) return SMPPD_E_INVALID;
  switch (field) {
    case SMPPD_F_COMMAND_ID: *out = static_cast<uint32_t>(message->pdu->command_id); return SMPPD_OK;
    case SMPPD_F_COMMAND_STATUS: *out = message->pdu->command_status; return SMPPD_OK;
    case SMPPD_F_SEQUENCE_NUMBER: *out = message->pdu->sequence_number; return SMPPD_OK;
    default: break;
  }
  const codec::FieldSpec* spec = field_spec(message, field);
  if (spec == nullptr) return SMPPD_E_NOT_FOUND;
  if (spec->kind != FieldKind::octet) return SMPPD_E_INVALID;
  const uint8_t* value = message->pdu->octet_field(spec->id);
  if (value == nullptr) return SMPPD_E_INVALID;
  *out = *value;
  return SMPPD_OK;
}

int32_t set_int(smppd_message* message, int32_t field, int64_t value) {
  if (message == nullptr) return SMPPD_E_INVALID;
  const codec::FieldSpec* spec = field_spec(message, field);
  // Header fields belong to the session: a plugin answers through its verdict instead.
  if (spec == nullptr) return field <= SMPPD_F_SEQUENCE_NUMBER ? SMPPD_E_INVALID : SMPPD_E_NOT_FOUND;
  if (spec->kind != FieldKind::octet) return SMPPD_E_INVALID;
  if (value < 0 || value > 0xFF) return SMPPD_E_RANGE;
  uint8_t* target = message->pdu->octet_field(spec->id);
  if (target == nullptr) return SMPPD_E_INVALID;
  *target = static_cast<uint8_t>(value);
  message->text_decoded = false;
  return SMPPD_OK;
}

int32_t tlv_count(const smppd_message* message) {
  return message == nullptr ? SMPPD_E_INVALID : static_cast<int32_t>(message->pdu->tlvs.size());
}

int32_t tlv_at(const smppd_message* message, uint32_t index, uint16_t* tag, smppd_host_view* value) {
  if (message == nullptr || tag == nullptr || value == nullptr) return SMPPD_E_INVALID;
  const auto& items = message->pdu->tlvs.items();
  if (index >= items.size()) return SMPPD_E_NOT_FOUND;
  *tag = items[index].tag;
  *value = smppd_host_view{items[index].value.data(), items[index].value.size()};
  return SMPPD_OK;
}

int32_t tlv_get(const smppd_message* message, uint16_t tag, smppd_host_view* value) {
  if (message == nullptr || value == nullptr) return SMPPD_E_INVALID;
  const codec::Tlv* tlv = message->pdu->tlvs.find(tag);
  if (tlv == nullptr) return SMPPD_E_NOT_FOUND;
  *value = smppd_host_view{tlv->value.data(), tlv->value.size()};
  return SMPPD_OK;
}

int32_t tlv_set(smppd_message* message, uint16_t tag, smppd_plugin_view value) {
  if (message == nullptr || (value.data == nullptr && value.size != 0)) return SMPPD_E_INVALID;
  if (value.size > 0xFFFF) return SMPPD_E_RANGE;
  message->pdu->tlvs.set(tag, std::string(value.data, value.size));
  message->text_decoded = false;
  return SMPPD_OK;
}

int32_t tlv_remove(smppd_message* message, uint16_t tag) {
  if (message == nullptr) return SMPPD_E_INVALID;
  message->text_decoded = false;
  return message->pdu->tlvs.remove(tag) > 0 ? SMPPD_OK : SMPPD_E_NOT_FOUND;
}

int32_t to_abi_encoding(codec::TextEncoding encoding) {
  switch (encoding) {
    case codec::TextEncoding::gsm7: return SMPPD_TEXT_GSM7;
    case codec::TextEncoding::ia5: return SMPPD_TEXT_IA5;
    case codec::TextEncoding::latin1: return SMPPD_TEXT_LATIN1;
    case codec::TextEncoding::ucs2: return SMPPD_TEXT_UCS2;
    case codec::TextEncoding::binary: return SMPPD_TEXT_BINARY;
  }
  return SMPPD_TEXT_BINARY;
}

// Into `result` in place (the message's cache): a struct built on the stack and copied there was
// read back with wide loads over its narrow stores, stalling store forwarding on every message.
void decode_message_text(smppd_message& message, smppd_text& result) {
  const codec::Pdu& pdu = *message.pdu;
  result = smppd_text{};
  result.struct_size = sizeof(smppd_text);
  result.data_coding = pdu.data_coding;

  std::string_view user_data = pdu.short_message;
  if (user_data.empty()) {
    if (const codec::Tlv* payload = pdu.tlvs.find(codec::tlv::kMessagePayload)) {
      user_data = payload->value;
      result.flags |= SMPPD_TEXT_FROM_PAYLOAD;
    }
  }
  std::string_view body = user_data;
  if ((pdu.esm_class & codec::kEsmClassUdhi) != 0) {
    const codec::UdhParseResult parsed = codec::parse_udh(user_data);
    if (parsed.ok()) {
      result.flags |= SMPPD_TEXT_HAS_UDH;
      body = parsed.udh.payload;
      if (parsed.udh.concat) {
        result.concat_ref = parsed.udh.concat->reference;
        result.concat_total = parsed.udh.concat->total;
        result.concat_seq = parsed.udh.concat->sequence;
      }
    }
  }
  if (result.concat_total == 0 && pdu.tlvs.find(codec::tlv::kSarMsgRefNum) != nullptr) {
    const auto ref = pdu.tlvs.get_int(codec::tlv::kSarMsgRefNum);
    const auto total = pdu.tlvs.get_int(codec::tlv::kSarTotalSegments);
    const auto seq = pdu.tlvs.get_int(codec::tlv::kSarSegmentSeqnum);
    if (ref && total && seq) {
      result.concat_ref = static_cast<uint16_t>(*ref);
      result.concat_total = static_cast<uint8_t>(*total);
      result.concat_seq = static_cast<uint8_t>(*seq);
    }
  }
  const codec::TextEncoding encoding = codec::text_encoding_of(pdu.data_coding, message.mc_default);
  std::string_view utf8;
  if (codec::decodes_to_itself(encoding, body)) {
    // Most texts: read where they are in the PDU (a change to the PDU drops this cache).
    message.text_utf8.clear();
    result.encoding = to_abi_encoding(encoding);
    utf8 = body;
  } else {
    codec::DecodedText decoded = codec::decode_text(pdu.data_coding, body, message.mc_default);
    message.text_utf8 = std::move(decoded.utf8);
    result.encoding = to_abi_encoding(decoded.encoding);
    if (decoded.lossy) result.flags |= SMPPD_TEXT_LOSSY;
    utf8 = message.text_utf8;
  }
  result.utf8 = smppd_host_view{utf8.data(), utf8.size()};
  // Counted once here for every filter that limits or bills by parts.
  result.parts = cxx::parts_of(
      cxx::parts_input(result.encoding, result.concat_total != 0, utf8, user_data, (pdu.esm_class & codec::kEsmClassUdhi) != 0));
}

// Fills the fields of `out` that the caller's struct_size covers.
int32_t text(const smppd_message* const_message, smppd_text* out) {
  if (const_message == nullptr || out == nullptr || out->struct_size < offsetof(smppd_text, flags)) {
    return SMPPD_E_INVALID;
  }
  // The decoded text is a cache on the handle, not part of the message's value.
  auto* message = const_cast<smppd_message*>(const_message);
  if (!message->text_decoded) {
    decode_message_text(*message, message->text_result);
    message->text_decoded = true;
  }
  const smppd_text& text = message->text_result;
  if (out->struct_size < sizeof(smppd_text)) {
    fill_what_fits(text, out);
    return SMPPD_OK;
  }
  // Field by field, not as one struct copy: the decode has just written these with narrow stores,
  // and 16-octet loads across them would wait for the stores to retire (a failed store forward).
  out->encoding = text.encoding;
  out->utf8.data = text.utf8.data;
  out->utf8.size = text.utf8.size;
  out->flags = text.flags;
  out->concat_ref = text.concat_ref;
  out->concat_total = text.concat_total;
  out->concat_seq = text.concat_seq;
  out->data_coding = text.data_coding;
  out->parts = text.parts;
  std::memset(out->reserved0, 0, sizeof out->reserved0);
  out->reserved1 = 0;
  out->struct_size = sizeof(smppd_text);
  return SMPPD_OK;
}

const smppd_message_api kMessageTable = {
    sizeof(smppd_message_api), 0, command_id, get_string, set_string, get_int, set_int,
    tlv_count, tlv_at, tlv_get, tlv_set, tlv_remove, text,
};

}  // namespace

const smppd_message_api* message_table() { return &kMessageTable; }

}  // namespace smppd::api
