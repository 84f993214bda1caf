#pragma once

namespace smppd::plugins::firewall {

// The config's JSON Schema, for the factory: the host checks the operator's table against it
// first; parse_firewall_config checks everything again (and what a schema cannot say: regexes,
// list names, time windows and zones).
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "properties": {
    "mode": {"type": "string", "enum": ["enforce", "monitor"]},
    "deny_status": {"type": "integer", "minimum": 1, "maximum": 4294967295},
    "time_zone": {"type": "string", "minLength": 1, "maxLength": 64},
    "list_reload_interval_ms": {"type": "integer", "minimum": 100, "maximum": 86400000},
    "concat_hold_ms": {"type": "integer", "minimum": 0, "maximum": 60000},
    "concat_max_held_parts": {"type": "integer", "minimum": 1, "maximum": 4096},
    "concat_max_held_bytes": {"type": "integer", "minimum": 256, "maximum": 16777216},
    "concat_verdict_ttl_ms": {"type": "integer", "minimum": 0, "maximum": 3600000},
    "concat_max_verdicts": {"type": "integer", "minimum": 0, "maximum": 65536},
    "rate_max_keys": {"type": "integer", "minimum": 16, "maximum": 10000000},
    "rule_metrics": {"type": "boolean"},
    "lists": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 64},
          "type": {"type": "string", "enum": ["numbers", "words"]},
          "file": {"type": "string", "minLength": 1, "maxLength": 4096}
        },
        "required": ["name", "type", "file"],
        "additionalProperties": false
      }
    },
    "rules": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 64},
          "action": {"type": "string", "enum": ["allow", "deny", "tag"]},
          "status": {"type": "integer", "minimum": 1, "maximum": 4294967295},
          "tag": {"type": "string", "minLength": 1, "maxLength": 256},
          "tag_key": {"type": "string", "minLength": 1, "maxLength": 64},
          "monitor": {"type": "boolean"},
          "match": {
            "type": "object",
            "properties": {
              "keywords": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 256}},
              "keyword_lists": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64}},
              "patterns": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 4096}},
              "urls": {"type": "string", "enum": ["any", "shortener"]},
              "source_addr": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 21}},
              "source_prefix": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 21}},
              "source_lists": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64}},
              "destination_prefix": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 21}},
              "destination_lists": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64}},
              "system_id": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 16}},
              "data_coding": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 255}},
              "esm_class": {
                "type": "object",
                "properties": {
                  "mask": {"type": "integer", "minimum": 1, "maximum": 255},
                  "value": {"type": "integer", "minimum": 0, "maximum": 255}
                },
                "required": ["mask", "value"],
                "additionalProperties": false
              },
              "length": {
                "type": "object",
                "properties": {
                  "min_chars": {"type": "integer", "minimum": 0, "maximum": 1000000},
                  "max_chars": {"type": "integer", "minimum": 0, "maximum": 1000000},
                  "min_parts": {"type": "integer", "minimum": 1, "maximum": 255},
                  "max_parts": {"type": "integer", "minimum": 1, "maximum": 255}
                },
                "additionalProperties": false
              },
              "time": {
                "type": "object",
                "properties": {
                  "windows": {"type": "array", "items": {"type": "string", "minLength": 11, "maxLength": 11}},
                  "days": {
                    "type": "array",
                    "items": {"type": "string", "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
                  },
                  "zone": {"type": "string", "minLength": 1, "maxLength": 64}
                },
                "additionalProperties": false
              },
              "flood": {
                "type": "object",
                "properties": {
                  "destinations": {"type": "integer", "minimum": 1, "maximum": 10000},
                  "window_ms": {"type": "integer", "minimum": 1, "maximum": 86400000}
                },
                "required": ["destinations", "window_ms"],
                "additionalProperties": false
              },
              "pumping": {
                "type": "object",
                "properties": {
                  "messages": {"type": "integer", "minimum": 1, "maximum": 100000000},
                  "window_ms": {"type": "integer", "minimum": 1, "maximum": 86400000},
                  "prefix_length": {"type": "integer", "minimum": 0, "maximum": 20}
                },
                "required": ["messages", "window_ms"],
                "additionalProperties": false
              }
            },
            "additionalProperties": false
          }
        },
        "required": ["name", "action"],
        "additionalProperties": false
      }
    }
  },
  "additionalProperties": false
})json";

}  // namespace smppd::plugins::firewall
