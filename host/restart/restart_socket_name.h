#pragma once

#include <boost/asio/local/stream_protocol.hpp>

#include <cstdint>
#include <string>

namespace smppd::restart {

// The abstract Unix socket (Linux: no file, gone with the process) on which the smppd of this
// base id and epoch listens for its successor: "\0smppd-hot-restart-<base_id>-<epoch>".
std::string restart_socket_name(uint32_t base_id, uint32_t epoch);
boost::asio::local::stream_protocol::endpoint restart_endpoint(uint32_t base_id, uint32_t epoch);

}  // namespace smppd::restart
