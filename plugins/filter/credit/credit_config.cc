#include "plugins/filter/credit/credit_config.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>

#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::credit {
namespace {

namespace json = boost::json;

std::string key_of(const json::string& key) { return std::string(key.data(), key.size()); }

// An integer in [minimum, maximum]; a float never passes (1.0 is not an amount).
int64_t integer_at(const json::value& value, const std::string& where, int64_t minimum, int64_t maximum) {
  int64_t number = 0;
  if (value.is_int64()) {
    number = value.get_int64();
  } else if (value.is_uint64() && value.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    number = static_cast<int64_t>(value.get_uint64());
  } else {
    throw ConfigError(where + ": must be an integer from " + std::to_string(minimum) + " to " + std::to_string(maximum));
  }
  if (number < minimum || number > maximum) {
    throw ConfigError(where + ": must be an integer from " + std::to_string(minimum) + " to " + std::to_string(maximum) +
                      ", not " + std::to_string(number));
  }
  return number;
}

std::string string_at(const json::value& value, const std::string& where, size_t max_length) {
  if (!value.is_string() || value.get_string().empty() || value.get_string().size() > max_length) {
    throw ConfigError(where + ": must be a string of 1 to " + std::to_string(max_length) + " characters");
  }
  return std::string(value.get_string());
}

// A plugin attribute key as the ABI wants it: "<plugin>.<key>".
std::string attribute_at(const json::value& value, const std::string& where) {
  std::string key = string_at(value, where, 128);
  const size_t dot = key.find('.');
  if (dot == 0 || dot == std::string::npos || dot + 1 == key.size()) {
    throw ConfigError(where + ": must be an attribute key \"<plugin>.<key>\", not \"" + key + "\"");
  }
  return key;
}

const json::object& object_at(const json::value& value, const std::string& where) {
  if (!value.is_object()) throw ConfigError(where + ": must be a table");
  return value.get_object();
}

void refuse_unknown_keys(const json::object& fields, std::string_view where, std::initializer_list<std::string_view> known) {
  for (const auto& field : fields) {
    const std::string_view key(field.key().data(), field.key().size());
    bool found = false;
    std::string listed;
    for (const std::string_view name : known) {
      found = found || name == key;
      listed += listed.empty() ? "" : ", ";
      listed += name;
    }
    if (!found) throw ConfigError(std::string(where) + std::string(key) + ": is not a key of credit (" + listed + ")");
  }
}

void parse_low_balance(const json::value& value, CreditConfig& config) {
  const json::object& fields = object_at(value, "low_balance");
  refuse_unknown_keys(fields, "low_balance.", {"threshold", "accounts"});
  if (const json::value* threshold = fields.if_contains("threshold")) {
    config.low_balance_threshold = integer_at(*threshold, "low_balance.threshold", 0, kMaxAmount);
  }
  if (const json::value* accounts = fields.if_contains("accounts")) {
    for (const auto& [account, limit] : object_at(*accounts, "low_balance.accounts")) {
      const std::string name = key_of(account);
      if (name.empty()) throw ConfigError("low_balance.accounts: an account name is empty");
      config.account_thresholds[name] = integer_at(limit, "low_balance.accounts." + name, 0, kMaxAmount);
    }
  }
}

}  // namespace

int64_t CreditConfig::threshold_of(std::string_view account) const {
  const auto found = account_thresholds.find(account);
  return found != account_thresholds.end() ? found->second : low_balance_threshold;
}

CreditConfig parse_credit_config(std::string_view text) {
  const json::value document = cxx::parse_config_table<ConfigError>(text);
  const json::object& fields = document.get_object();
  refuse_unknown_keys(fields, "",
                      {"default_price", "prices", "price_attribute", "account_attribute", "insufficient_status",
                       "on_store_unavailable", "unavailable_status", "reservation_ttl_s", "key_prefix", "low_balance",
                       "audit_file", "grant", "grant_flush_ms", "grant_idle_s"});

  CreditConfig config;
  if (const json::value* price = fields.if_contains("default_price")) {
    config.default_price = integer_at(*price, "default_price", 0, kMaxAmount);
  }
  if (const json::value* prices = fields.if_contains("prices")) {
    for (const auto& [prefix, price] : object_at(*prices, "prices")) {
      const std::string digits = key_of(prefix);
      const int64_t amount = integer_at(price, "prices.\"" + digits + "\"", 0, kMaxAmount);
      if (digits.size() > 20 || !config.prices.add(digits, amount)) {
        throw ConfigError("prices.\"" + digits + "\": a prefix is 1 to 20 digits (no '+', no spaces)");
      }
    }
  }
  if (!config.default_price && config.prices.size() == 0 && !fields.contains("price_attribute")) {
    throw ConfigError("nothing prices a message: set default_price, prices, or price_attribute");
  }
  if (const json::value* key = fields.if_contains("price_attribute")) config.price_attribute = attribute_at(*key, "price_attribute");
  if (const json::value* key = fields.if_contains("account_attribute")) {
    config.account_attribute = attribute_at(*key, "account_attribute");
  }
  if (const json::value* status = fields.if_contains("insufficient_status")) {
    config.insufficient_status = static_cast<uint32_t>(integer_at(*status, "insufficient_status", 1, UINT32_MAX));
  }
  if (const json::value* policy = fields.if_contains("on_store_unavailable")) {
    const std::string name = policy->is_string() ? std::string(policy->get_string()) : std::string();
    if (name == "allow") {
      config.on_store_unavailable = StoreUnavailablePolicy::allow;
    } else if (name == "deny") {
      config.on_store_unavailable = StoreUnavailablePolicy::deny;
    } else {
      throw ConfigError("on_store_unavailable: must be \"allow\" or \"deny\"");
    }
  }
  if (const json::value* status = fields.if_contains("unavailable_status")) {
    config.unavailable_status = static_cast<uint32_t>(integer_at(*status, "unavailable_status", 1, UINT32_MAX));
  }
  if (const json::value* ttl = fields.if_contains("reservation_ttl_s")) {
    config.reservation_ttl = std::chrono::seconds(integer_at(*ttl, "reservation_ttl_s", 60, 30 * 24 * 3600));
  }
  if (const json::value* prefix = fields.if_contains("key_prefix")) config.key_prefix = string_at(*prefix, "key_prefix", 64);
  if (const json::value* low = fields.if_contains("low_balance")) parse_low_balance(*low, config);
  if (const json::value* file = fields.if_contains("audit_file")) config.audit_file = string_at(*file, "audit_file", 4096);
  if (const json::value* grant = fields.if_contains("grant")) config.grant = integer_at(*grant, "grant", 0, kMaxAmount);
  if (const json::value* flush = fields.if_contains("grant_flush_ms")) {
    config.grant_flush = std::chrono::milliseconds(integer_at(*flush, "grant_flush_ms", 10, 10000));
  }
  if (const json::value* idle = fields.if_contains("grant_idle_s")) {
    config.grant_idle = std::chrono::seconds(integer_at(*idle, "grant_idle_s", 1, 3600));
  }
  return config;
}

}  // namespace smppd::plugins::credit
