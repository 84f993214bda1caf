#include "host/state/state_status.h"

namespace smppd::state {

std::string_view name_of(StateCode code) {
  switch (code) {
    case StateCode::ok: return "ok";
    case StateCode::not_found: return "not_found";
    case StateCode::exists: return "exists";
    case StateCode::mismatch: return "mismatch";
    case StateCode::would_cross: return "would_cross";
    case StateCode::aborted: return "aborted";
    case StateCode::busy: return "busy";
    case StateCode::unavailable: return "unavailable";
    case StateCode::error: return "error";
  }
  return "unknown";
}

std::string StateStatus::to_string() const {
  std::string text(name_of(code));
  if (!message.empty()) {
    text += ": ";
    text += message;
  }
  return text;
}

}  // namespace smppd::state
