#pragma once

#include <cstdint>
#include <string>

#include "plugins/filter/auth_static/account.h"

namespace smppd::plugins::auth_static {

// A bind as the filter reads it from the call: copied, since the check outlives the hook.
struct BindRequest {
  std::string system_id;
  std::string password;  // wiped once checked
  BindType bind_type = BindType::transceiver;
  std::string peer_address;
  // The host's session info says the session is not bound (bind_type NONE). False when unknown.
  bool host_reports_unbound = false;
};

// Why a bind is refused. The ABI file maps each to a command_status.
enum class RejectReason {
  unknown_system_id,  // ESME_RINVSYSID
  bad_password,       // ESME_RINVPASWD
  disabled,           // ESME_RBINDFAIL ...
  bind_type,
  source_address,
  max_binds,
  throttled,
  already_bound,      // ESME_RALYBND
  internal            // ESME_RSYSERR
};

std::string_view describe(RejectReason reason) noexcept;

// How a bind ended, for the host to hear.
struct BindResult {
  bool accepted = false;
  RejectReason reason = RejectReason::internal;  // when refused
  std::string principal;                          // when accepted: the system_id
};

}  // namespace smppd::plugins::auth_static
