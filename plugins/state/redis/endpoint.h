#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::redis {

// Where a Redis server or a Sentinel listens.
struct Endpoint {
  std::string host;
  uint16_t port = 0;

  // "127.0.0.1:6379", "[::1]:6379", "redis.internal:6379": as an operator writes it.
  std::string text() const;
  bool operator==(const Endpoint&) const = default;
};

// "host:port" or "[ipv6]:port" with a port from 1 to 65535; nothing when malformed.
std::optional<Endpoint> parse_endpoint(std::string_view text);

}  // namespace smppd::plugins::redis
