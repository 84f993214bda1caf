#pragma once

#include <string_view>

namespace smppd::config {

// An IPv4 address in dotted-quad form or an IPv6 address, as a listener binds to.
bool is_ip_address(std::string_view text);

// A DNS host name ("smsc.example.net"): labels of letters, digits and hyphens.
bool is_host_name(std::string_view text);

}  // namespace smppd::config
