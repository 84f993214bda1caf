#pragma once

#include <cstdint>
#include <string>

namespace smppd::plugins::firewall {

// What the rules look at, copied out of the call (a held part outlives its hook).
struct MessageFacts {
  std::string system_id;  // the client's bound system_id
  std::string source_addr;
  std::string destination_addr;
  uint8_t data_coding = 0;
  uint8_t esm_class = 0;
  std::string text;     // the decoded UTF-8 text of the whole message (every part, in order)
  uint32_t parts = 1;   // how many parts the message has (its concat total, 1 when not split)
};

}  // namespace smppd::plugins::firewall
