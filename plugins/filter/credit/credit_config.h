#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "plugins/filter/credit/price_table.h"

namespace smppd::plugins::credit {

// A refused configuration; what() names the key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The largest balance, price, cost or admin amount, in minor units: 10^15 (a billion euros in
// micro-euros) keeps every sum far from int64 overflow.
inline constexpr int64_t kMaxAmount = 1'000'000'000'000'000;

// What a submit is answered when the store cannot be reached.
enum class StoreUnavailablePolicy : uint8_t {
  allow,  // the message goes on, uncharged (fail open)
  deny    // the message is refused with unavailable_status (fail closed)
};

// The filter's config, as the host hands it over: the operator's TOML table rendered as JSON.
struct CreditConfig {
  // Minor units per part for a destination no prefix prices; none: such messages are refused.
  std::optional<int64_t> default_price;
  PriceTable prices;            // by destination prefix, longest wins
  std::string price_attribute;  // a call attribute (integer per part) that wins; empty: none
  // The call or session attribute naming the account (a tenant); empty: the bound system_id.
  std::string account_attribute;
  uint32_t insufficient_status = 0x45;  // ESME_RSUBMITFAIL: clients do not retry it
  StoreUnavailablePolicy on_store_unavailable = StoreUnavailablePolicy::deny;
  uint32_t unavailable_status = 0x58;  // ESME_RTHROTTLED: clients retry later, as they should
  std::chrono::seconds reservation_ttl{3600};
  std::string key_prefix = "credit/";
  int64_t low_balance_threshold = 0;  // 0: no low-balance events
  std::map<std::string, int64_t, std::less<>> account_thresholds;
  std::string audit_file;  // empty: the audit logger only
  // Grants (0: off, every submit is reserved in the store): how much of an account's balance this
  // process takes at a time and spends locally.
  int64_t grant = 0;
  std::chrono::milliseconds grant_flush{250};  // how often local spends are written to the store
  std::chrono::seconds grant_idle{5};          // an unused grant goes back to the balance after this

  // The low-balance threshold of `account` (0: none).
  int64_t threshold_of(std::string_view account) const;
};

// Throws ConfigError naming the key at fault.
CreditConfig parse_credit_config(std::string_view json);

// The config's JSON Schema, for the factory (the host checks the operator's table against it
// first; parse_credit_config checks everything again).
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "properties": {
    "default_price": {"type": "integer", "minimum": 0, "maximum": 1000000000000000},
    "prices": {
      "type": "object",
      "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 1000000000000000}
    },
    "price_attribute": {"type": "string", "minLength": 1, "maxLength": 128},
    "account_attribute": {"type": "string", "minLength": 1, "maxLength": 128},
    "insufficient_status": {"type": "integer", "minimum": 1, "maximum": 4294967295},
    "on_store_unavailable": {"type": "string", "enum": ["allow", "deny"]},
    "unavailable_status": {"type": "integer", "minimum": 1, "maximum": 4294967295},
    "reservation_ttl_s": {"type": "integer", "minimum": 60, "maximum": 2592000},
    "key_prefix": {"type": "string", "minLength": 1, "maxLength": 64},
    "low_balance": {
      "type": "object",
      "properties": {
        "threshold": {"type": "integer", "minimum": 0, "maximum": 1000000000000000},
        "accounts": {
          "type": "object",
          "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 1000000000000000}
        }
      },
      "additionalProperties": false
    },
    "audit_file": {"type": "string", "minLength": 1, "maxLength": 4096},
    "grant": {"type": "integer", "minimum": 0, "maximum": 1000000000000000},
    "grant_flush_ms": {"type": "integer", "minimum": 10, "maximum": 10000},
    "grant_idle_s": {"type": "integer", "minimum": 1, "maximum": 3600}
  },
  "additionalProperties": false
})json";

}  // namespace smppd::plugins::credit
