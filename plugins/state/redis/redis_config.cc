#include "plugins/state/redis/redis_config.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <array>
#include <string>

#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::redis {
namespace {

namespace json = boost::json;
using smppd::cxx::ConfigError;

constexpr std::array<std::string_view, 13> kKeys = {
    "address",    "sentinels",          "master_name",        "username",    "password",
    "sentinel_password", "database", "key_prefix", "connect_timeout_ms", "command_timeout_ms",
    "max_pending", "reconnect_min_ms",  "reconnect_max_ms"};

std::string string_at(const json::object& table, std::string_view key, size_t max_length) {
  const json::value& value = table.at(key);
  if (!value.is_string()) throw ConfigError(std::string(key) + ": must be a string");
  if (value.get_string().size() > max_length) {
    throw ConfigError(std::string(key) + ": must be at most " + std::to_string(max_length) + " characters");
  }
  return std::string(value.get_string().data(), value.get_string().size());
}

int64_t integer_at(const json::object& table, std::string_view key, int64_t minimum, int64_t maximum) {
  const json::value& value = table.at(key);
  int64_t number = 0;
  if (value.is_int64()) {
    number = value.get_int64();
  } else if (value.is_uint64() && value.get_uint64() <= static_cast<uint64_t>(maximum)) {
    number = static_cast<int64_t>(value.get_uint64());
  } else if (value.is_uint64()) {
    number = maximum + 1;
  } else {
    throw ConfigError(std::string(key) + ": must be an integer");
  }
  if (number < minimum || number > maximum) {
    throw ConfigError(std::string(key) + ": must be from " + std::to_string(minimum) + " to " + std::to_string(maximum));
  }
  return number;
}

Endpoint endpoint_of(const json::value& value, const std::string& path) {
  if (!value.is_string()) throw ConfigError(path + ": must be a string");
  const std::string_view text(value.get_string().data(), value.get_string().size());
  const std::optional<Endpoint> endpoint = parse_endpoint(text);
  if (!endpoint) throw ConfigError(path + ": must be host:port (\"127.0.0.1:6379\", \"[::1]:6379\"), got \"" + std::string(text) + "\"");
  return *endpoint;
}

std::chrono::milliseconds ms_at(const json::object& table, std::string_view key, int64_t maximum) {
  return std::chrono::milliseconds(integer_at(table, key, 1, maximum));
}

}  // namespace

std::string RedisConfig::describe() const {
  if (!uses_sentinel()) return "redis at " + address.text();
  std::string text = "redis primary '" + master_name + "' (sentinels ";
  for (size_t i = 0; i < sentinels.size(); ++i) text += (i == 0 ? "" : ", ") + sentinels[i].text();
  return text + ")";
}

RedisConfig parse_redis_config(std::string_view text) {
  const json::value document = cxx::parse_config_table<ConfigError>(text);
  const json::object& table = document.get_object();
  for (const auto& field : table) {
    const std::string_view name(field.key().data(), field.key().size());
    bool known = false;
    for (const std::string_view key : kKeys) known = known || key == name;
    if (!known) throw ConfigError(std::string(name) + ": is not a key of the redis state store");
  }

  RedisConfig config;
  if (table.contains("address")) config.address = endpoint_of(table.at("address"), "address");
  if (table.contains("sentinels")) {
    const json::value& list = table.at("sentinels");
    if (!list.is_array() || list.get_array().empty()) throw ConfigError("sentinels: must be a non-empty array of host:port");
    for (size_t i = 0; i < list.get_array().size(); ++i) {
      config.sentinels.push_back(endpoint_of(list.get_array()[i], "sentinels[" + std::to_string(i) + "]"));
    }
    if (table.contains("address")) throw ConfigError("address: not with sentinels (Sentinel names the primary)");
    if (!table.contains("master_name")) throw ConfigError("master_name: is needed with sentinels");
  }
  if (table.contains("master_name")) {
    config.master_name = string_at(table, "master_name", 200);
    if (config.master_name.empty()) throw ConfigError("master_name: must not be empty");
    if (!config.uses_sentinel()) throw ConfigError("master_name: only with sentinels");
  }
  if (table.contains("username")) config.username = string_at(table, "username", 200);
  if (table.contains("password")) config.password = string_at(table, "password", 1000);
  if (table.contains("sentinel_password")) {
    config.sentinel_password = string_at(table, "sentinel_password", 1000);
    if (!config.uses_sentinel()) throw ConfigError("sentinel_password: only with sentinels");
  }
  if (!config.username.empty() && config.password.empty()) throw ConfigError("username: needs a password");
  if (table.contains("database")) config.database = static_cast<uint32_t>(integer_at(table, "database", 0, 1000000));
  if (table.contains("key_prefix")) config.key_prefix = string_at(table, "key_prefix", 200);
  if (table.contains("connect_timeout_ms")) config.connect_timeout = ms_at(table, "connect_timeout_ms", 600000);
  if (table.contains("command_timeout_ms")) config.command_timeout = ms_at(table, "command_timeout_ms", 600000);
  if (table.contains("max_pending")) config.max_pending = static_cast<uint64_t>(integer_at(table, "max_pending", 1, 100000000));
  if (table.contains("reconnect_min_ms")) config.reconnect_min = ms_at(table, "reconnect_min_ms", 600000);
  if (table.contains("reconnect_max_ms")) config.reconnect_max = ms_at(table, "reconnect_max_ms", 3600000);
  if (config.reconnect_min > config.reconnect_max) throw ConfigError("reconnect_min_ms: must not be above reconnect_max_ms");
  return config;
}

}  // namespace smppd::plugins::redis
