#include "host/codec/decode_error.h"

#include <cstdio>

#include "host/codec/command_status.h"
#include "host/codec/tlv_tag.h"

namespace smppd::codec {

std::string_view decode_error_kind_name(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::none: return "ok";
    case DecodeErrorKind::command_length_invalid: return "command_length invalid";
    case DecodeErrorKind::unknown_command_id: return "unknown command_id";
    case DecodeErrorKind::invalid_sequence_number: return "sequence_number outside 1..0x7FFFFFFF";
    case DecodeErrorKind::body_not_allowed: return "body on a header-only command";
    case DecodeErrorKind::body_truncated: return "body ends inside a mandatory field";
    case DecodeErrorKind::cstring_too_long: return "no NUL within the field's maximum length";
    case DecodeErrorKind::time_invalid: return "time field is neither empty nor a valid SMPP time";
    case DecodeErrorKind::short_message_overrun: return "sm_length beyond the end of the PDU";
    case DecodeErrorKind::short_message_and_payload: return "both short_message and message_payload";
    case DecodeErrorKind::udh_invalid: return "UDHI set but the UDH does not fit the user data";
    case DecodeErrorKind::number_of_dests_invalid: return "number_of_dests is 0";
    case DecodeErrorKind::dest_flag_invalid: return "dest_flag is neither 1 nor 2";
    case DecodeErrorKind::tlv_stream_invalid: return "TLV header or value runs past the PDU";
    case DecodeErrorKind::tlv_length_invalid: return "TLV length not allowed for its tag";
    case DecodeErrorKind::tlv_duplicate: return "TLV appears twice";
    case DecodeErrorKind::tlv_missing: return "required TLV missing";
  }
  return "unknown error";
}

std::string describe(const DecodeError& error) {
  std::string out;
  if (error.field != FieldId::none) {
    out += field_name(error.field);
    out += ": ";
  }
  if (error.tlv_tag != 0) {
    char tag[48];
    const TlvSpec* spec = find_tlv_spec(error.tlv_tag);
    std::snprintf(tag, sizeof tag, "TLV 0x%04X%s%.*s: ", error.tlv_tag, spec ? " " : "",
                  spec ? static_cast<int>(spec->name.size()) : 0, spec ? spec->name.data() : "");
    out += tag;
  }
  out += decode_error_kind_name(error.kind);
  char tail[80];
  std::string_view status_name = command_status_name(error.command_status);
  std::snprintf(tail, sizeof tail, " at offset %u (%.*s 0x%08X)", error.offset, static_cast<int>(status_name.size()),
                status_name.data(), error.command_status);
  out += tail;
  return out;
}

}  // namespace smppd::codec
