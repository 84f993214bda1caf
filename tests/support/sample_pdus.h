#pragma once

#include <vector>

#include "host/codec/pdu.h"

namespace smppd::testing {

// One realistic PDU of every command the codec knows (33), each with the fields and TLVs that
// command typically carries. Used to check the encoder against independent decoders (tshark).
std::vector<codec::Pdu> one_pdu_of_every_command();

}  // namespace smppd::testing
