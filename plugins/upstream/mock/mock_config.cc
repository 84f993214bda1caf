#include "plugins/upstream/mock/mock_config.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "plugins/upstream/mock/gsm7_encoder.h"
#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::mock {
namespace {

namespace json = boost::json;
using smppd::cxx::ConfigError;

constexpr double kMaxDelayMs = 3'600'000;
constexpr double kMaxMoRate = 100'000;
constexpr size_t kMaxAddressLength = 20;  // source_addr and destination_addr: C-Octet Strings of 21
constexpr size_t kMaxMoTextSeptets = 160;

std::string key_of(const json::key_value_pair& field) { return std::string(field.key().data(), field.key().size()); }

// Refuses keys outside `known`, naming the path.
void only_keys(const json::object& table, const std::string& path, std::initializer_list<std::string_view> known) {
  for (const auto& field : table) {
    const std::string_view name(field.key().data(), field.key().size());
    bool found = false;
    for (const std::string_view key : known) found = found || key == name;
    if (found) continue;
    std::string names;
    for (const std::string_view key : known) names += (names.empty() ? "" : ", ") + std::string(key);
    throw ConfigError(path + key_of(field) + ": is not a key here (" + names + ")");
  }
}

// 5, 0.5, 4294967295: how an operator wrote the bound.
std::string number_text(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<int64_t>(value));
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

const json::object& table_at(const json::value& value, const std::string& path) {
  if (!value.is_object()) throw ConfigError(path + ": must be a table");
  return value.get_object();
}

double number_at(const json::value& value, const std::string& path, double minimum, double maximum) {
  double number = 0;
  if (value.is_int64()) {
    number = static_cast<double>(value.get_int64());
  } else if (value.is_uint64()) {
    number = static_cast<double>(value.get_uint64());
  } else if (value.is_double()) {
    number = value.get_double();
  } else {
    throw ConfigError(path + ": must be a number");
  }
  if (!std::isfinite(number) || number < minimum || number > maximum) {
    throw ConfigError(path + ": must be from " + number_text(minimum) + " to " + number_text(maximum));
  }
  return number;
}

std::string string_at(const json::value& value, const std::string& path) {
  if (!value.is_string()) throw ConfigError(path + ": must be a string");
  return std::string(value.get_string().data(), value.get_string().size());
}

void parse_delay(const json::value& value, const std::string& path, DelayDistribution& delay) {
  const json::object& table = table_at(value, path);
  only_keys(table, path + ".", {"distribution", "mean", "min", "max"});
  if (const json::value* kind = table.if_contains("distribution")) {
    const std::string name = string_at(*kind, path + ".distribution");
    if (name == "fixed") {
      delay.kind = DelayDistribution::Kind::fixed;
    } else if (name == "uniform") {
      delay.kind = DelayDistribution::Kind::uniform;
    } else if (name == "exponential") {
      delay.kind = DelayDistribution::Kind::exponential;
    } else {
      throw ConfigError(path + ".distribution: must be fixed, uniform or exponential");
    }
  }
  if (const json::value* mean = table.if_contains("mean")) delay.mean_ms = number_at(*mean, path + ".mean", 0, kMaxDelayMs);
  if (const json::value* min = table.if_contains("min")) delay.min_ms = number_at(*min, path + ".min", 0, kMaxDelayMs);
  if (const json::value* max = table.if_contains("max")) delay.max_ms = number_at(*max, path + ".max", 0, kMaxDelayMs);
  if (delay.min_ms > delay.max_ms) throw ConfigError(path + ": min must not be above max");
  if (delay.kind == DelayDistribution::Kind::exponential && (delay.mean_ms < delay.min_ms || delay.mean_ms > delay.max_ms)) {
    throw ConfigError(path + ": an exponential's mean must be from min to max");
  }
}

std::vector<ErrorRule> parse_errors(const json::value& value) {
  if (!value.is_array()) throw ConfigError("errors: must be an array of { status, percent } tables");
  std::vector<ErrorRule> rules;
  double total = 0;
  for (size_t i = 0; i < value.get_array().size(); ++i) {
    const std::string path = "errors[" + std::to_string(i) + "]";
    const json::object& table = table_at(value.get_array()[i], path);
    only_keys(table, path + ".", {"status", "percent"});
    const json::value* status = table.if_contains("status");
    const json::value* percent = table.if_contains("percent");
    if (status == nullptr || percent == nullptr) throw ConfigError(path + ": needs status and percent");
    ErrorRule rule;
    if (!status->is_int64() && !status->is_uint64()) throw ConfigError(path + ".status: must be an integer");
    rule.status = static_cast<uint32_t>(number_at(*status, path + ".status", 1, 4294967295.0));
    rule.percent = number_at(*percent, path + ".percent", 0, 100);
    total += rule.percent;
    rules.push_back(rule);
  }
  if (total > 100 + 1e-9) throw ConfigError("errors: the percents add up to more than 100");
  return rules;
}

ReceiptSettings parse_receipts(const json::value& value) {
  ReceiptSettings receipts;
  const json::object& table = table_at(value, "receipts");
  only_keys(table, "receipts.", {"enabled", "delay_ms", "states"});
  if (const json::value* enabled = table.if_contains("enabled")) {
    if (!enabled->is_bool()) throw ConfigError("receipts.enabled: must be true or false");
    receipts.enabled = enabled->get_bool();
  }
  if (const json::value* delay = table.if_contains("delay_ms")) parse_delay(*delay, "receipts.delay_ms", receipts.delay);
  if (const json::value* states = table.if_contains("states")) {
    receipts.states.clear();
    double total = 0;
    for (const auto& field : table_at(*states, "receipts.states")) {
      const std::string name = key_of(field);
      const std::optional<ReceiptState> state = receipt_state_named(name);
      if (!state) {
        throw ConfigError("receipts.states." + name +
                          ": is not a receipt state (DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD)");
      }
      const double weight = number_at(field.value(), "receipts.states." + name, 0, 1e9);
      total += weight;
      if (weight > 0) receipts.states.emplace_back(*state, weight);
    }
    if (receipts.enabled && total <= 0) throw ConfigError("receipts.states: at least one state needs a weight above 0");
  }
  return receipts;
}

bool is_address(const std::string& address) {
  if (address.empty() || address.size() > kMaxAddressLength) return false;
  for (const char c : address) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) return false;
  }
  return true;
}

MoSettings parse_mo(const json::value& value) {
  MoSettings mo;
  const json::object& table = table_at(value, "mo");
  only_keys(table, "mo.", {"rate_per_second", "source", "destination", "text"});
  if (const json::value* rate = table.if_contains("rate_per_second")) {
    mo.rate_per_second = number_at(*rate, "mo.rate_per_second", 0, kMaxMoRate);
  }
  if (const json::value* source = table.if_contains("source")) mo.source = string_at(*source, "mo.source");
  if (const json::value* destination = table.if_contains("destination")) {
    mo.destination = string_at(*destination, "mo.destination");
  }
  if (const json::value* text = table.if_contains("text")) mo.text = string_at(*text, "mo.text");
  if (!is_address(mo.source)) throw ConfigError("mo.source: must be 1 to 20 printable ASCII characters");
  if (!is_address(mo.destination)) throw ConfigError("mo.destination: must be 1 to 20 printable ASCII characters");
  return mo;
}

}  // namespace

MockConfig parse_mock_config(std::string_view text) {
  MockConfig config;
  if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    const json::value document = cxx::parse_config_table<ConfigError>(text);
    const json::object& table = document.get_object();
    only_keys(table, "", {"latency_ms", "errors", "receipts", "mo", "message_id_format", "seed"});
    if (const json::value* latency = table.if_contains("latency_ms")) parse_delay(*latency, "latency_ms", config.latency);
    if (const json::value* errors = table.if_contains("errors")) config.errors = parse_errors(*errors);
    if (const json::value* receipts = table.if_contains("receipts")) config.receipts = parse_receipts(*receipts);
    if (const json::value* mo = table.if_contains("mo")) config.mo = parse_mo(*mo);
    if (const json::value* format = table.if_contains("message_id_format")) {
      const std::string name = string_at(*format, "message_id_format");
      if (name == "hex") {
        config.message_id_format = MessageIdFormat::hex;
      } else if (name == "decimal") {
        config.message_id_format = MessageIdFormat::decimal;
      } else {
        throw ConfigError("message_id_format: must be hex or decimal");
      }
    }
    if (const json::value* seed = table.if_contains("seed")) {
      if (seed->is_uint64()) {
        config.seed = seed->get_uint64();
      } else if (seed->is_int64() && seed->get_int64() >= 0) {
        config.seed = static_cast<uint64_t>(seed->get_int64());
      } else {
        throw ConfigError("seed: must be an integer from 0");
      }
    }
  }
  const std::optional<std::string> septets = encode_gsm7(config.mo.text);
  if (!septets) throw ConfigError("mo.text: must be UTF-8 text in the GSM 03.38 default alphabet (data_coding 0)");
  if (septets->empty() || septets->size() > kMaxMoTextSeptets) throw ConfigError("mo.text: must be 1 to 160 GSM septets");
  config.mo.gsm7_text = *septets;
  return config;
}

}  // namespace smppd::plugins::mock
