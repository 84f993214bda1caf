#include "tools/smpp/response.h"

#include <cstdio>

#include "host/codec/command_status.h"

namespace smppd::tools {

std::string_view request_outcome_name(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::response: return "response";
    case RequestOutcome::generic_nack: return "generic_nack";
    case RequestOutcome::timeout: return "timeout";
    case RequestOutcome::closed: return "closed";
  }
  return "?";
}

std::string status_text(uint32_t command_status) {
  const std::string_view name = codec::command_status_name(command_status);
  if (!name.empty()) return std::string(name);
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", command_status);
  return hex;
}

std::string describe_result(RequestOutcome outcome, uint32_t command_status) {
  switch (outcome) {
    case RequestOutcome::response: return status_text(command_status);
    case RequestOutcome::generic_nack: return std::string("generic_nack ").append(status_text(command_status));
    case RequestOutcome::timeout:
    case RequestOutcome::closed: return std::string(request_outcome_name(outcome));
  }
  return "?";
}

}  // namespace smppd::tools
