#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace smppd::server {

// The timers and limits of a client session (a listener's [listeners.session] table).
struct SessionSettings {
  std::chrono::milliseconds bind_timeout{5000};            // OPEN: close when no bind succeeds in time
  std::chrono::milliseconds enquire_link_interval{30000};  // idle time before we send enquire_link
  std::chrono::milliseconds inactivity_timeout{120000};    // nothing at all from the peer: close
  std::chrono::milliseconds response_timeout{10000};       // our requests' resps; a partial PDU's completion
  uint32_t window = 10;                                    // client requests in flight before we stop reading
  uint32_t max_command_length = 16 * 1024;
  uint8_t max_password_length = 9;
  uint32_t max_consecutive_errors = 5;                     // malformed PDUs in a row before closing
  bool allow_unauthenticated = false;
  std::string system_id = "smppd";                         // what bind_resp says we are
};

}  // namespace smppd::server
