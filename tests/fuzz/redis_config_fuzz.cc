// The redis state store's config ([state.redis]): JSON text as the host hands it over. Whatever
// the text, the parser refuses it with a ConfigError naming the key, or accepts a config that holds
// what it read and that the store can act on: one primary or Sentinels with a master name, never
// both; endpoints with a host and a port; credentials that go together; reconnect delays in order.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/state/redis/endpoint.h"
#include "plugins/state/redis/redis_config.h"
#include "smppd/cxx/config_box.hpp"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace redis = smppd::plugins::redis;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Keys the parser names when they are missing: a master name with sentinels, and the lower
// reconnect bound when only the upper one was written below its default.
constexpr std::initializer_list<std::string_view> kRequired = {"master_name", "reconnect_min_ms"};

const json::value* member(const json::value& value, std::string_view key) { return value.as_object().if_contains(key); }

int64_t integer_or(const json::value& object, std::string_view key, int64_t fallback) {
  const json::value* value = member(object, key);
  if (value == nullptr) return fallback;
  if (value->is_uint64()) return static_cast<int64_t>(value->get_uint64());
  check(value->is_int64());
  return value->get_int64();
}

std::string_view string_or(const json::value& object, std::string_view key, std::string_view fallback) {
  const json::value* value = member(object, key);
  return value == nullptr ? fallback : std::string_view(value->as_string());
}

// An endpoint the store can dial, whose log text parses back to it (a host that itself starts
// with '[' aside: the operator's "[[h]]:1" is the host "[h]", logged as "[h]:1").
void check_endpoint(const redis::Endpoint& endpoint) {
  check(!endpoint.host.empty() && endpoint.port >= 1);
  if (!endpoint.host.starts_with('[')) check(redis::parse_endpoint(endpoint.text()) == endpoint);
}

void check_accepted(const redis::RedisConfig& config, const json::value& document) {
  if (config.uses_sentinel()) {
    check(config.sentinels.size() == member(document, "sentinels")->as_array().size());
    for (const redis::Endpoint& sentinel : config.sentinels) check_endpoint(sentinel);
    check(!config.master_name.empty() && config.master_name.size() <= 200);
    check(member(document, "address") == nullptr && config.address == (redis::Endpoint{"127.0.0.1", 6379}));
    check(config.describe().starts_with("redis primary '" + config.master_name + "' (sentinels "));
  } else {
    check(member(document, "sentinels") == nullptr);
    check(config.master_name.empty() && config.sentinel_password.empty());
    check_endpoint(config.address);
    check(config.describe() == "redis at " + config.address.text());
  }
  check(config.master_name == string_or(document, "master_name", ""));
  check(config.username.size() <= 200 && config.username == string_or(document, "username", ""));
  check(config.password.size() <= 1000 && config.password == string_or(document, "password", ""));
  check(config.sentinel_password.size() <= 1000);
  check(config.sentinel_password == string_or(document, "sentinel_password", ""));
  check(config.username.empty() || !config.password.empty());
  check(config.database <= 1000000 && config.database == integer_or(document, "database", 0));
  check(config.key_prefix.size() <= 200 && config.key_prefix == string_or(document, "key_prefix", "smppd:"));
  check(config.connect_timeout.count() >= 1 && config.connect_timeout.count() <= 600000);
  check(config.connect_timeout.count() == integer_or(document, "connect_timeout_ms", 2000));
  check(config.command_timeout.count() >= 1 && config.command_timeout.count() <= 600000);
  check(config.command_timeout.count() == integer_or(document, "command_timeout_ms", 1000));
  check(config.max_pending >= 1 && config.max_pending <= 100000000);
  check(static_cast<int64_t>(config.max_pending) == integer_or(document, "max_pending", 100000));
  check(config.reconnect_min.count() >= 1 && config.reconnect_min <= config.reconnect_max);
  check(config.reconnect_min.count() == integer_or(document, "reconnect_min_ms", 100));
  check(config.reconnect_max.count() <= 3600000);
  check(config.reconnect_max.count() == integer_or(document, "reconnect_max_ms", 5000));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt =
      smppd::fuzz::attempt_parse<smppd::cxx::ConfigError>(text, [](std::string_view in) { return redis::parse_redis_config(in); });
  const auto& [config, error, json_error, document] = attempt;

  if (!config) {
    check(smppd::fuzz::refusal_names_its_place(attempt, kRequired));
    return 0;
  }
  check(!json_error && document.is_object());
  check_accepted(*config, document);
  return 0;
}
