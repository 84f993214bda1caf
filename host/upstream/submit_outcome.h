#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace smppd::upstream {

// What became of one message handed to an upstream.
struct SubmitOutcome {
  enum Kind : uint8_t {
    answered,  // the SMSC answered: `status`, and `message_id` when 0
    not_sent,  // never left smppd (the bind dropped or was stopped): safe to send elsewhere
    unknown,   // sent, but no resp came (timeout, connection lost): the SMSC may have it
  };
  Kind kind = answered;
  uint32_t status = 0;
  std::string message_id;
};

using SubmitHandler = std::function<void(SubmitOutcome)>;

}  // namespace smppd::upstream
