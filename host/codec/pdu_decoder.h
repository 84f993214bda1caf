#pragma once

#include <cstdint>
#include <span>

#include "host/codec/decode_error.h"
#include "host/codec/pdu.h"

namespace smppd::codec {

struct PduHeader {
  uint32_t command_length = 0;
  uint32_t command_id = 0;
  uint32_t command_status = 0;
  uint32_t sequence_number = 0;
};

// Reads the 16-octet header, which is always readable once a frame is complete: the session uses
// it to answer a PDU whose body failed to decode. False when fewer than 16 octets are given.
bool decode_header(std::span<const uint8_t> pdu, PduHeader& header);

struct DecodeOptions {
  // Maximum password length including its NUL. v3.4 says 9; some providers issue longer ones.
  uint8_t max_password_length = 9;
  // Real SMSCs send sequence numbers of 0x80000000 and above; accept them from peers known to.
  bool accept_any_sequence_number = false;
  // v3.4 says sm_length must be 0 when message_payload is present. Receipts in the wild carry
  // both (python-smpplib's vector), so this is refused only where asked (client submits).
  bool refuse_short_message_with_payload = false;
};

// Decodes exactly one PDU (`pdu` is one whole frame, see frame.h). On failure `out` holds
// whatever was decoded before the error, and the error says what to answer.
DecodeError decode_pdu(std::span<const uint8_t> pdu, Pdu& out, const DecodeOptions& options = {});

}  // namespace smppd::codec
