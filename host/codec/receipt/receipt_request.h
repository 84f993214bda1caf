#pragma once

#include <cstdint>

namespace smppd::codec {

// Whether a submit's registered_delivery asks for a report the SMSC will send back as a
// deliver_sm: an SMSC delivery receipt (bits 1-0) or intermediate notifications (bit 4)
// (S34 §5.2.17).
constexpr bool asks_for_receipt(uint8_t registered_delivery) {
  return (registered_delivery & 0x03) != 0 || (registered_delivery & 0x10) != 0;
}

}  // namespace smppd::codec
