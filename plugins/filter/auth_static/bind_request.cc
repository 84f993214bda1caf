#include "plugins/filter/auth_static/bind_request.h"

namespace smppd::plugins::auth_static {

std::string_view describe(RejectReason reason) noexcept {
  switch (reason) {
    case RejectReason::unknown_system_id: return "unknown system_id";
    case RejectReason::bad_password: return "wrong password";
    case RejectReason::disabled: return "account disabled";
    case RejectReason::bind_type: return "bind type not allowed for the account";
    case RejectReason::source_address: return "source address not allowed for the account";
    case RejectReason::max_binds: return "max_binds reached";
    case RejectReason::throttled: return "too many password checks pending";
    case RejectReason::already_bound: return "the session is bound or binding already";
    case RejectReason::internal: return "internal error";
  }
  return "unknown reason";
}

}  // namespace smppd::plugins::auth_static
