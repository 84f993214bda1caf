#pragma once

#include <cstdint>
#include <span>

#include "host/codec/command_id.h"
#include "host/codec/field_id.h"

namespace smppd::codec {

enum class FieldKind : uint8_t {
  octet,           // Int1
  cstring,         // C-Octet String of at most max_with_nul octets
  time,            // C-Octet String of exactly 1 or 17 octets (an SMPP time or empty)
  short_message,   // sm_length then that many octets
  dest_addresses,  // number_of_dests then that many dest_address entries
  unsuccess_smes,  // no_unsuccess then that many unsuccess_sme entries
};

// One mandatory field of a PDU body. `invalid_status` answers a request whose field breaks its
// limits: the field's own status where the spec has one (ESME_RINVDSTADR for destination_addr),
// as S50 section 2.8.2 asks, rather than a generic_nack.
struct FieldSpec {
  FieldId id;
  FieldKind kind;
  uint8_t max_with_nul;
  uint32_t invalid_status;
};

// The body of one command: its mandatory fields in wire order, and the TLVs it must carry.
struct PduLayout {
  CommandId command_id;
  std::span<const FieldSpec> fields;
  std::span<const uint16_t> required_tlvs;
  // Header-only commands (enquire_link, unbind, generic_nack, ...) may carry no body at all.
  bool header_only;
};

// The layout of a known command_id, or nullptr.
const PduLayout* find_layout(uint32_t command_id);

}  // namespace smppd::codec
