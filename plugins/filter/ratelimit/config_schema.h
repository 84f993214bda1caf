#pragma once

namespace smppd::plugins::ratelimit {

// The config's JSON Schema, for the factory: the host checks the operator's table against it
// first; parse_ratelimit_config checks everything again (and what a schema cannot say: names,
// repeated keys, a key kind's companion setting).
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "properties": {
    "limits": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 64},
          "keys": {
            "type": "array",
            "items": {"type": "string", "enum": ["client", "sender", "destination_prefix", "route", "cluster", "tenant"]}
          },
          "rate": {"type": "number", "minimum": 0.001, "maximum": 1000000},
          "per": {"type": "string", "enum": ["second", "minute"]},
          "burst": {"type": "integer", "minimum": 1, "maximum": 1000000000},
          "scope": {"type": "string", "enum": ["local", "global"]},
          "on_store_unavailable": {"type": "string", "enum": ["allow", "deny"]},
          "status": {"type": "integer", "minimum": 0, "maximum": 4294967295},
          "destination_prefixes": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 21}},
          "tenant_attribute": {"type": "string", "minLength": 3, "maxLength": 256}
        },
        "required": ["name", "keys", "rate", "burst"],
        "additionalProperties": false
      }
    },
    "command_costs": {
      "type": "object",
      "properties": {
        "query_sm": {"type": "integer", "minimum": 0, "maximum": 1000},
        "cancel_sm": {"type": "integer", "minimum": 0, "maximum": 1000},
        "replace_sm": {"type": "integer", "minimum": 0, "maximum": 1000},
        "submit_multi": {"type": "integer", "minimum": 0, "maximum": 1000},
        "broadcast_sm": {"type": "integer", "minimum": 0, "maximum": 1000},
        "query_broadcast_sm": {"type": "integer", "minimum": 0, "maximum": 1000},
        "cancel_broadcast_sm": {"type": "integer", "minimum": 0, "maximum": 1000},
        "enquire_link": {"type": "integer", "minimum": 0, "maximum": 1000}
      },
      "additionalProperties": false
    },
    "max_local_keys": {"type": "integer", "minimum": 16, "maximum": 100000000},
    "key_prefix": {"type": "string", "maxLength": 128},
    "bind_attempts": {
      "type": "object",
      "properties": {
        "rate": {"type": "number", "minimum": 0.001, "maximum": 1000000},
        "per": {"type": "string", "enum": ["second", "minute"]},
        "burst": {"type": "integer", "minimum": 1, "maximum": 1000000000},
        "status": {"type": "integer", "minimum": 0, "maximum": 4294967295}
      },
      "required": ["rate", "burst"],
      "additionalProperties": false
    },
    "concurrent_binds": {
      "type": "object",
      "properties": {
        "max_per_client": {"type": "integer", "minimum": 1, "maximum": 1000000},
        "status": {"type": "integer", "minimum": 0, "maximum": 4294967295}
      },
      "required": ["max_per_client"],
      "additionalProperties": false
    }
  },
  "additionalProperties": false
})json";

}  // namespace smppd::plugins::ratelimit
