#pragma once

#include <string>
#include <string_view>

namespace smppd::plugins::auth_static {

// Client- or operator-supplied text made safe for a log line or an error message: in double
// quotes, control octets, quotes and backslashes as \xNN, cut after 64 octets.
std::string quoted(std::string_view text);

}  // namespace smppd::plugins::auth_static
