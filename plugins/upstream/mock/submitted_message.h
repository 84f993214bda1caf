#pragma once

#include <cstdint>
#include <string>

#include "plugins/upstream/mock/receipt_text.h"

namespace smppd::plugins::mock {

// What the mock keeps of a submit_sm (or data_sm) after submit() returns: enough for its receipt.
struct SubmittedMessage {
  uint8_t registered_delivery = 0;
  std::string source_addr;
  uint8_t source_addr_ton = 0;
  uint8_t source_addr_npi = 0;
  std::string destination_addr;
  uint8_t dest_addr_ton = 0;
  uint8_t dest_addr_npi = 0;
  TextHead text_head;  // quoted by the receipt
};

}  // namespace smppd::plugins::mock
