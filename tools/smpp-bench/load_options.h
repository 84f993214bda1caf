#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "tools/smpp-bench/message_mix.h"
#include "tools/smpp/session_options.h"

namespace smppd::tools::bench {

// `smpp-bench load`: N bound transceivers on T threads, each keeping W submits in flight.
struct LoadOptions {
  SessionOptions session;  // host, port, system_id, password, window, timeouts
  uint32_t connections = 1;
  uint32_t threads = 1;
  // Submits per second over all sessions; nullopt: as fast as the windows allow (--max).
  std::optional<double> rate;
  std::chrono::milliseconds duration{10000};
  // Sent but not counted: lets connections, caches and the SMSC settle first.
  std::chrono::milliseconds warmup{0};
  MessageMix mix;
  bool registered_delivery = false;
  // A session unbound or closed by the SMSC while sending connects and binds again (--rebind).
  bool rebind = false;
  // After the last resp, how long to wait for receipts still missing.
  std::chrono::milliseconds receipt_timeout{10000};
  std::string source = "smpp-bench";
  std::string destination = "4915100000000";
  bool json = false;
};

}  // namespace smppd::tools::bench
