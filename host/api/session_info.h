#pragma once

#include <cstdint>
#include <string>

#include "smppd/fields.h"

namespace smppd::api {

// What the host tells plugins about a session (smppd_session_info). Owned by the session; the
// strings stay put for the session's life, so views of them can be handed out.
struct SessionInfo {
  uint64_t session_id = 0;
  std::string listener;
  std::string peer_address;
  uint16_t peer_port = 0;
  bool tls = false;
  int32_t bind_type = SMPPD_BIND_NONE;
  std::string system_id;  // once bound
  int32_t worker = -1;
  uint8_t interface_version = 0;
};

}  // namespace smppd::api
