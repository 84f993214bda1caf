#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smppd::tools::ctl {

enum class CtlCommand : uint8_t {
  status,     // GET /server_info and GET /ready
  stats,      // GET /stats?format=json[&filter=RE]
  clusters,   // GET /clusters?format=json
  sessions,   // GET /sessions
  unbind,     // POST /sessions/unbind?id=ID
  drain,      // POST /drain_listeners[?graceful]
  reload,     // POST /reload
  log_level,  // POST /logging?level=L or ?<logger>=L
  suspend,    // POST /clusters/suspend?cluster=C&endpoint=E
  resume,     // POST /clusters/resume?cluster=C&endpoint=E
  quit,       // POST /quitquitquit
};

// The command line of smppctl.
struct CtlOptions {
  std::string admin_host = "127.0.0.1";
  uint16_t admin_port = 9901;
  std::string token;  // empty: no Authorization header
  bool json = false;  // print the server's JSON as it came
  std::chrono::milliseconds timeout{10000};

  CtlCommand command = CtlCommand::status;
  std::string stats_filter;  // stats: a regex, empty for every stat
  std::string session_id;    // unbind
  bool graceful = false;     // drain
  std::string logger;        // log-level: empty for every logger
  std::string level;         // log-level
  std::string cluster;       // suspend, resume
  std::string endpoint;      // suspend, resume
};

struct CtlParseResult {
  std::optional<CtlOptions> options;
  std::string error;      // set when options is not and help_text is empty
  std::string help_text;  // set for --help
};

// `arguments` without the program name. `environment_token` is SMPPD_ADMIN_TOKEN when set;
// --token wins over it.
CtlParseResult parse_ctl_options(const std::vector<std::string>& arguments,
                                 const std::optional<std::string>& environment_token);

// The name a user types for a command ("log-level").
const char* command_name(CtlCommand command);

}  // namespace smppd::tools::ctl
