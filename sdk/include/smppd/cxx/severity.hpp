// How serious a log line of a plugin's logic is. A plugin's logic stays free of the ABI and logs
// through its own host-services interface; its plugin.cc maps the severity to the host's level
// with cxx::log_level_of (smppd/cxx/host.hpp). Header-only, like the rest of smppd/cxx.
#pragma once

namespace smppd::cxx {

enum class Severity { debug, info, warn, error };

}  // namespace smppd::cxx
