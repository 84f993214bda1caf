#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "tools/smpp/session_options.h"
#include "tools/smpp/submit_sm_builder.h"

namespace smppd::tools::client {

// The command line of smpp-client.
struct ClientOptions {
  SessionOptions session;
  std::string source;
  std::string destination;
  std::string text;  // UTF-8
  uint32_t count = 1;
  LongMode long_mode = LongMode::udh;
  bool registered_delivery = false;
  // Wait this long after the last resp for the receipts of every accepted part.
  std::optional<std::chrono::milliseconds> wait_receipts;
  // Bind, print receipts and MO messages for this long, unbind; no submit.
  std::optional<std::chrono::milliseconds> listen_only;
};

struct ClientParseResult {
  std::optional<ClientOptions> options;
  std::string error;      // set when options is not and help is empty
  std::string help_text;  // set for --help
};

ClientParseResult parse_client_options(int argc, const char* const* argv);

}  // namespace smppd::tools::client
