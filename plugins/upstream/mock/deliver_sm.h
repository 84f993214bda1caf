#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/upstream/mock/mock_config.h"
#include "plugins/upstream/mock/receipt_state.h"
#include "plugins/upstream/mock/submitted_message.h"

namespace smppd::plugins::mock {

inline constexpr uint16_t kTagReceiptedMessageId = 0x001E;
inline constexpr uint16_t kTagMessageState = 0x0427;
inline constexpr uint8_t kEsmClassDeliveryReceipt = 0x04;

// A deliver_sm the mock sends smppd, before it becomes a host message (plugin.cc does that).
struct DeliverSm {
  uint8_t esm_class = 0;
  std::string source_addr;
  uint8_t source_addr_ton = 0;
  uint8_t source_addr_npi = 0;
  std::string destination_addr;
  uint8_t dest_addr_ton = 0;
  uint8_t dest_addr_npi = 0;
  uint8_t data_coding = 0;
  std::string short_message;
  std::vector<std::pair<uint16_t, std::string>> tlvs;
};

// The delivery receipt of a submit: from its destination to its source, esm_class 0x04, the
// Appendix B text, and the receipted_message_id (C string with its NUL) and message_state TLVs.
DeliverSm make_receipt(const SubmittedMessage& submitted, std::string_view message_id, ReceiptState state,
                       int64_t submit_realtime_ns, int64_t done_realtime_ns);

// A mobile-originated message as configured: esm_class 0, GSM default alphabet.
DeliverSm make_mo(const MoSettings& mo);

}  // namespace smppd::plugins::mock
