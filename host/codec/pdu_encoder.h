#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "host/codec/field_id.h"
#include "host/codec/pdu.h"

namespace smppd::codec {

struct EncodeOptions {
  // Maximum password length including its NUL (see DecodeOptions).
  uint8_t max_password_length = 9;
};

// Why a Pdu could not be encoded: a field that the peer would refuse or misread.
struct EncodeError {
  FieldId field = FieldId::none;
  uint16_t tlv_tag = 0;
  std::string_view reason;

  bool failed() const { return !reason.empty(); }
};

// Appends the PDU's wire form to `out`, computing command_length. Every limit the decoder checks
// is checked here too, so smppd never sends what it would refuse. On failure `out` is unchanged.
EncodeError encode_pdu(const Pdu& pdu, std::vector<uint8_t>& out, const EncodeOptions& options = {});

}  // namespace smppd::codec
