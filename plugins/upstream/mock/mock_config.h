#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/upstream/mock/delay_distribution.h"
#include "plugins/upstream/mock/receipt_state.h"

namespace smppd::plugins::mock {

// Each submit is answered with `status` with probability percent/100.
struct ErrorRule {
  uint32_t status = 0;
  double percent = 0;
};

// Every receipt DELIVRD. Built without a braced list: g++ 12 at -O3 takes the list's backing
// array for "maybe used uninitialized" once this default is inlined into the parser (-Werror).
inline std::vector<std::pair<ReceiptState, double>> all_delivered() {
  std::vector<std::pair<ReceiptState, double>> states;
  states.emplace_back(ReceiptState::delivered, 100.0);
  return states;
}

struct ReceiptSettings {
  bool enabled = true;
  DelayDistribution delay{DelayDistribution::Kind::fixed, 100, 0, 1000};  // after the submit_sm_resp
  // Final states and their relative weights (percentages when they add up to 100).
  std::vector<std::pair<ReceiptState, double>> states = all_delivered();
};

struct MoSettings {
  double rate_per_second = 0;  // 0: no MO
  std::string source = "447700900000";
  std::string destination = "12345";
  std::string text = "hello from mock";
  std::string gsm7_text;  // `text` in the GSM default alphabet, as short_message carries it
};

enum class MessageIdFormat { hex, decimal };

// The mock SMSC's settings (upstream_config of a cluster whose upstream is "mock"). `{}` gives a
// well-behaved SMSC: 5 ms per submit, no errors, DELIVRD receipts 100 ms later, no MO.
struct MockConfig {
  DelayDistribution latency{DelayDistribution::Kind::fixed, 5, 0, 50};
  std::vector<ErrorRule> errors;
  ReceiptSettings receipts;
  MoSettings mo;
  MessageIdFormat message_id_format = MessageIdFormat::hex;
  std::optional<uint64_t> seed;  // reproducible draws for tests
};

// Throws smppd::cxx::ConfigError naming the key.
MockConfig parse_mock_config(std::string_view json);

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "latency_ms": {"type": "object", "additionalProperties": false, "properties": {
      "distribution": {"type": "string", "enum": ["fixed", "uniform", "exponential"], "default": "fixed"},
      "mean": {"type": "number", "minimum": 0, "maximum": 3600000, "default": 5},
      "min": {"type": "number", "minimum": 0, "maximum": 3600000, "default": 0},
      "max": {"type": "number", "minimum": 0, "maximum": 3600000, "default": 50}}},
    "errors": {"type": "array", "items": {"type": "object", "additionalProperties": false,
      "required": ["status", "percent"], "properties": {
        "status": {"type": "integer", "minimum": 1, "maximum": 4294967295},
        "percent": {"type": "number", "minimum": 0, "maximum": 100}}}},
    "receipts": {"type": "object", "additionalProperties": false, "properties": {
      "enabled": {"type": "boolean", "default": true},
      "delay_ms": {"type": "object", "additionalProperties": false, "properties": {
        "distribution": {"type": "string", "enum": ["fixed", "uniform", "exponential"], "default": "fixed"},
        "mean": {"type": "number", "minimum": 0, "maximum": 3600000, "default": 100},
        "min": {"type": "number", "minimum": 0, "maximum": 3600000, "default": 0},
        "max": {"type": "number", "minimum": 0, "maximum": 3600000, "default": 1000}}},
      "states": {"type": "object", "additionalProperties": false, "properties": {
        "DELIVRD": {"type": "number", "minimum": 0},
        "EXPIRED": {"type": "number", "minimum": 0},
        "DELETED": {"type": "number", "minimum": 0},
        "UNDELIV": {"type": "number", "minimum": 0},
        "ACCEPTD": {"type": "number", "minimum": 0},
        "UNKNOWN": {"type": "number", "minimum": 0},
        "REJECTD": {"type": "number", "minimum": 0}}}}},
    "mo": {"type": "object", "additionalProperties": false, "properties": {
      "rate_per_second": {"type": "number", "minimum": 0, "maximum": 100000, "default": 0},
      "source": {"type": "string", "minLength": 1, "maxLength": 20, "default": "447700900000"},
      "destination": {"type": "string", "minLength": 1, "maxLength": 20, "default": "12345"},
      "text": {"type": "string", "minLength": 1, "maxLength": 160, "default": "hello from mock"}}},
    "message_id_format": {"type": "string", "enum": ["hex", "decimal"], "default": "hex"},
    "seed": {"type": "integer", "minimum": 0}
  }
})json";

}  // namespace smppd::plugins::mock
