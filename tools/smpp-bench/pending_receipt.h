#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace smppd::tools::bench {

// A delivery receipt the sink owes: what its deliver_sm needs from the submit, and when it is due.
struct PendingReceipt {
  std::chrono::steady_clock::time_point due;
  std::chrono::sys_seconds submitted;
  std::string message_id;
  uint8_t source_ton = 0;  // of the submit: the receipt goes back the other way
  uint8_t source_npi = 0;
  std::string source_addr;
  uint8_t dest_ton = 0;
  uint8_t dest_npi = 0;
  std::string destination_addr;
  std::string text;  // the start of the message, printable ASCII only
};

}  // namespace smppd::tools::bench
