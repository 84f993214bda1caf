#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "host/codec/pdu.h"

namespace smppd::tools {

// How a request of ours ended.
enum class RequestOutcome : uint8_t {
  response,      // its _resp arrived (whatever its command_status)
  generic_nack,  // the peer could not read it
  timeout,       // nothing within the response timeout
  closed,        // the session ended first
};

std::string_view request_outcome_name(RequestOutcome outcome);

// What a request's callback is handed. `pdu` is the resp or generic_nack and lives only during
// the call: copy what is needed.
struct Response {
  RequestOutcome outcome = RequestOutcome::closed;
  const codec::Pdu* pdu = nullptr;
  uint32_t sequence_number = 0;
  std::chrono::steady_clock::time_point sent_at;
  std::chrono::steady_clock::duration latency{};  // sent_at until now

  bool answered() const { return pdu != nullptr; }
  uint32_t command_status() const { return pdu != nullptr ? pdu->command_status : 0; }
};

// Small captures (a pointer or two) stay inside std::function, so a callback costs no allocation.
using ResponseCallback = std::function<void(const Response&)>;

// A submit's end, owned: what the awaitable submit returns.
struct SubmitResult {
  RequestOutcome outcome = RequestOutcome::closed;
  uint32_t command_status = 0;
  std::string message_id;
  uint32_t sequence_number = 0;
  std::chrono::steady_clock::duration latency{};

  bool ok() const { return outcome == RequestOutcome::response && command_status == 0; }
};

// "ESME_RTHROTTLED", or "0x00000458" for a status without a name.
std::string status_text(uint32_t command_status);

// "ESME_ROK", "ESME_RTHROTTLED", "timeout", "closed", "generic_nack ESME_RINVCMDID".
std::string describe_result(RequestOutcome outcome, uint32_t command_status);

}  // namespace smppd::tools
