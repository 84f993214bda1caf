#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/codec/frame.h"
#include "host/config/filter_config.h"

namespace smppd::config {

enum class TlsVersion : uint8_t { v1_2, v1_3 };

// `[listeners.tls]`. Relative paths are taken from the config file's folder; the loader checks
// that each file can be read, the TLS context checks its contents.
struct ListenerTlsConfig {
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  std::optional<std::filesystem::path> client_ca_file;
  bool require_client_cert = false;
  TlsVersion min_version = TlsVersion::v1_2;
};

// `[listeners.session]`: the limits of each client session.
struct SessionConfig {
  std::chrono::milliseconds bind_timeout{5000};
  std::chrono::milliseconds enquire_link_interval{30000};  // 0: never probe an idle client
  std::chrono::milliseconds inactivity_timeout{120000};    // 0: never close an idle client
  std::chrono::milliseconds response_timeout{10000};
  uint32_t window = 10;  // client requests in flight
  uint32_t max_command_length = codec::kDefaultMaxCommandLength;
  uint32_t max_password_length = 9;  // octets with the NUL, as SMPP counts them
  uint32_t max_consecutive_errors = 5;  // malformed PDUs in a row before the session is closed
};

// `[listeners.bind_throttle]`: a token bucket per client IP, checked before any password hash.
struct BindThrottleConfig {
  double attempts_per_second = 20.0;
  uint32_t burst = 40;
};

// One `[[listeners]]` entry: where clients bind and what their sessions go through.
struct ListenerConfig {
  std::string name;
  std::string address;  // an IPv4 or IPv6 address
  uint16_t port = 0;    // 0: any free port (tests)
  uint32_t max_connections = 10000;
  uint32_t max_connections_per_ip = 100;
  bool allow_unauthenticated = false;
  // Warming: the listener accepts binds once every cluster a route sends to has a bound bind, or
  // after this long (0: at once).
  std::chrono::milliseconds warm_timeout{10000};
  std::optional<ListenerTlsConfig> tls;
  SessionConfig session;
  BindThrottleConfig bind_throttle;
  std::vector<FilterConfig> filters;  // in chain order
};

}  // namespace smppd::config
