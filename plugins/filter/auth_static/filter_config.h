#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/auth_static/account.h"

namespace smppd::plugins::auth_static {

// The filter's config, as the host hands it over: the operator's TOML table rendered as JSON.
struct FilterConfig {
  std::vector<Account> accounts;             // inline accounts
  std::optional<std::string> accounts_file;  // or a TOML file, reloaded when it changes
  // Password checks queued or running at once for this filter; binds above it are refused
  // before any hashing (HARDENING.md 17: Argon2id at 19 MiB each).
  uint32_t max_pending_verifications = 16;
};

// Throws ConfigError naming the key (and account) at fault. Exactly one of accounts and
// accounts_file must be set.
FilterConfig parse_filter_config(std::string_view json);

// The config's JSON Schema, for the factory (the host checks the operator's table against it
// first; parse_filter_config checks everything again).
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "properties": {
    "accounts": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "system_id": {"type": "string", "minLength": 1, "maxLength": 15},
          "password_hash": {"type": "string", "minLength": 1, "maxLength": 127},
          "bind_types": {
            "type": "array",
            "items": {"type": "string", "enum": ["transmitter", "receiver", "transceiver"]}
          },
          "allowed_cidrs": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64}},
          "max_binds": {"type": "integer", "minimum": 0, "maximum": 4294967295},
          "enabled": {"type": "boolean"}
        },
        "required": ["system_id", "password_hash"],
        "additionalProperties": false
      }
    },
    "accounts_file": {"type": "string", "minLength": 1},
    "max_pending_verifications": {"type": "integer", "minimum": 1, "maximum": 65536}
  },
  "additionalProperties": false
})json";

}  // namespace smppd::plugins::auth_static
