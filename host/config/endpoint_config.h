#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace smppd::config {

enum class BindType : uint8_t { transmitter, receiver, transceiver };

// An endpoint's `tls` table: TLS towards the SMSC.
struct UpstreamTlsConfig {
  bool enabled = false;
  std::optional<std::filesystem::path> ca_file;  // the system's CAs when absent
  bool verify = true;
  std::string server_name;  // SNI and the name checked; the address when empty
};

// One `[[clusters.endpoints]]` entry: an SMSC account smppd binds to.
struct EndpointConfig {
  std::string name;
  std::string address;  // an IP address or a host name
  uint16_t port = 0;
  std::string system_id;
  std::string password;  // a secret: listed in Config::sensitive_key_paths
  std::string system_type;
  BindType bind_type = BindType::transceiver;
  uint32_t binds = 1;   // sessions opened to this endpoint
  uint32_t window = 10;  // requests in flight per bind
  double max_tps = 0;    // submits per second over all binds; 0: unlimited
  UpstreamTlsConfig tls;
  std::chrono::milliseconds enquire_link_interval{30000};
  std::chrono::milliseconds response_timeout{10000};
  std::chrono::milliseconds reconnect_min{1000};
  std::chrono::milliseconds reconnect_max{60000};
  std::chrono::milliseconds throttle_pause{1000};  // after ESME_RTHROTTLED
};

}  // namespace smppd::config
