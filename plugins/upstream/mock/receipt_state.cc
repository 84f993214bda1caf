#include "plugins/upstream/mock/receipt_state.h"

namespace smppd::plugins::mock {

std::string_view stat_name(ReceiptState state) noexcept {
  switch (state) {
    case ReceiptState::delivered: return "DELIVRD";
    case ReceiptState::expired: return "EXPIRED";
    case ReceiptState::deleted: return "DELETED";
    case ReceiptState::undeliverable: return "UNDELIV";
    case ReceiptState::accepted: return "ACCEPTD";
    case ReceiptState::unknown: return "UNKNOWN";
    case ReceiptState::rejected: return "REJECTD";
  }
  return "UNKNOWN";
}

std::optional<ReceiptState> receipt_state_named(std::string_view stat) noexcept {
  for (const ReceiptState state : kReceiptStates) {
    if (stat_name(state) == stat) return state;
  }
  return std::nullopt;
}

bool receipt_requested(uint8_t registered_delivery, ReceiptState state) noexcept {
  const bool success = state == ReceiptState::delivered;
  const bool failure = !success && state != ReceiptState::accepted;
  switch (registered_delivery & 0x03) {
    case 0x01: return true;
    case 0x02: return failure;
    case 0x03: return success;
    default: return false;
  }
}

}  // namespace smppd::plugins::mock
