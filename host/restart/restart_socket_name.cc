#include "host/restart/restart_socket_name.h"

namespace smppd::restart {

std::string restart_socket_name(uint32_t base_id, uint32_t epoch) {
  return std::string(1, '\0') + "smppd-hot-restart-" + std::to_string(base_id) + "-" + std::to_string(epoch);
}

boost::asio::local::stream_protocol::endpoint restart_endpoint(uint32_t base_id, uint32_t epoch) {
  // The leading NUL makes it abstract; Asio takes the name's length from the string.
  return boost::asio::local::stream_protocol::endpoint(restart_socket_name(base_id, epoch));
}

}  // namespace smppd::restart
