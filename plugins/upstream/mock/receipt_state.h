#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace smppd::plugins::mock {

// A delivery receipt's final state, with its message_state TLV value (SMPP v3.4 5.2.28) and its
// Appendix B stat: name.
enum class ReceiptState : uint8_t {
  delivered = 2,    // DELIVRD
  expired = 3,      // EXPIRED
  deleted = 4,      // DELETED
  undeliverable = 5,// UNDELIV
  accepted = 6,     // ACCEPTD
  unknown = 7,      // UNKNOWN
  rejected = 8      // REJECTD
};

inline constexpr ReceiptState kReceiptStates[] = {ReceiptState::delivered, ReceiptState::expired,
                                                  ReceiptState::deleted,   ReceiptState::undeliverable,
                                                  ReceiptState::accepted,  ReceiptState::unknown,
                                                  ReceiptState::rejected};

// "DELIVRD", "EXPIRED", ...
std::string_view stat_name(ReceiptState state) noexcept;
std::optional<ReceiptState> receipt_state_named(std::string_view stat) noexcept;
// The message_state TLV's octet.
constexpr uint8_t message_state_value(ReceiptState state) noexcept { return static_cast<uint8_t>(state); }

// registered_delivery's SMSC receipt bits (0-1): 01 asks for any final outcome, 10 for failures
// only, 11 (v5.0) for successes only. A success is DELIVRD; a failure is EXPIRED, DELETED,
// UNDELIV, REJECTD or UNKNOWN; ACCEPTD (an operator's manual decision) is reported only to 01.
bool receipt_requested(uint8_t registered_delivery, ReceiptState state) noexcept;

}  // namespace smppd::plugins::mock
