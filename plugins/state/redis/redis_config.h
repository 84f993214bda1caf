#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/state/redis/endpoint.h"

namespace smppd::plugins::redis {

// The table [state.redis]: where Redis is and how patiently to talk to it. See README.md.
struct RedisConfig {
  Endpoint address{"127.0.0.1", 6379};
  // Sentinel: the primary of `master_name` as these Sentinels know it (address is then unused).
  std::vector<Endpoint> sentinels;
  std::string master_name;
  std::string username;  // AUTH with an ACL user; empty: the default user
  std::string password;  // empty: no AUTH
  std::string sentinel_password;
  uint32_t database = 0;
  // Every key, list, set and channel of this store starts with it: one prefix per deployment.
  std::string key_prefix = "smppd:";
  std::chrono::milliseconds connect_timeout{2000};  // TCP connect and the handshake, per server tried
  std::chrono::milliseconds command_timeout{1000};  // a batch unanswered by then ends UNAVAILABLE
  uint64_t max_pending = 100000;                    // batches waiting for Redis; beyond: BUSY
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};

  bool uses_sentinel() const { return !sentinels.empty(); }
  // "redis at 127.0.0.1:6379" or "redis primary 'mymaster' (sentinels 10.0.0.5:26379, ...)".
  std::string describe() const;
};

// Throws smppd::cxx::ConfigError naming the key.
RedisConfig parse_redis_config(std::string_view json);

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "address": {"type": "string", "minLength": 3, "maxLength": 300, "default": "127.0.0.1:6379",
      "description": "host:port of the Redis primary; not with sentinels"},
    "sentinels": {"type": "array", "items": {"type": "string", "minLength": 3, "maxLength": 300},
      "description": "host:port of each Sentinel that knows master_name"},
    "master_name": {"type": "string", "minLength": 1, "maxLength": 200},
    "username": {"type": "string", "maxLength": 200},
    "password": {"type": "string", "maxLength": 1000},
    "sentinel_password": {"type": "string", "maxLength": 1000},
    "database": {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0},
    "key_prefix": {"type": "string", "maxLength": 200, "default": "smppd:"},
    "connect_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 2000},
    "command_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 1000},
    "max_pending": {"type": "integer", "minimum": 1, "maximum": 100000000, "default": 100000},
    "reconnect_min_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 100},
    "reconnect_max_ms": {"type": "integer", "minimum": 1, "maximum": 3600000, "default": 5000}
  }
})json";

}  // namespace smppd::plugins::redis
