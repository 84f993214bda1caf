#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "host/codec/field_id.h"

namespace smppd::codec {

// Why a frame could not be decoded. Each kind carries the command_status to answer a request
// with; the session layer decides between generic_nack (header unusable) and the command's _resp.
enum class DecodeErrorKind : uint8_t {
  none,
  command_length_invalid,    // below 16, above the configured maximum, or not the frame's size
  unknown_command_id,        // reserved, vendor or garbage command_id
  invalid_sequence_number,   // 0 or above 0x7FFFFFFF
  body_not_allowed,          // a header-only command (enquire_link, unbind, ...) with a body
  body_truncated,            // the body ends inside a mandatory field or a C-string has no NUL
  cstring_too_long,          // no NUL within the field's maximum
  time_invalid,              // a time field neither empty nor a valid 16-character SMPP time
  short_message_overrun,     // sm_length beyond the remaining octets
  short_message_and_payload, // both short_message and message_payload, where refused
  udh_invalid,               // UDHI set but the UDH length runs past the user data
  number_of_dests_invalid,   // submit_multi with no destination
  dest_flag_invalid,         // a dest_address neither SME address nor distribution list
  tlv_stream_invalid,        // 1-3 octets after the last TLV, or a TLV length beyond the PDU
  tlv_length_invalid,        // a known TLV whose length its spec does not allow
  tlv_duplicate,             // a non-repeatable known TLV twice
  tlv_missing,               // a TLV the command requires is absent
};

struct DecodeError {
  DecodeErrorKind kind = DecodeErrorKind::none;
  uint32_t command_status = 0;
  FieldId field = FieldId::none;
  uint16_t tlv_tag = 0;
  uint32_t offset = 0;  // octet offset in the PDU where decoding stopped

  bool failed() const { return kind != DecodeErrorKind::none; }
  // True when the stream can no longer be framed after this error: answer, then close.
  bool framing_lost() const { return kind == DecodeErrorKind::command_length_invalid; }
};

std::string_view decode_error_kind_name(DecodeErrorKind kind);

// One line for logs and operators: "destination_addr: no NUL within 21 octets at offset 37
// (ESME_RINVDSTADR)".
std::string describe(const DecodeError& error);

}  // namespace smppd::codec
