// The rate limit filter's config: JSON text as the host hands it over. Whatever the text, the
// parser refuses it with a ConfigError naming the limit and key at fault, or accepts a config that
// holds what it read and that the limiter can run: rates GCRA and the state store can count,
// limits named once, each key kind once, prefixes the limit's tree finds again.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "plugins/filter/ratelimit/config_error.h"
#include "plugins/filter/ratelimit/limit.h"
#include "plugins/filter/ratelimit/prefix_tree.h"
#include "plugins/filter/ratelimit/ratelimit_config.h"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace rl = smppd::plugins::ratelimit;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Keys the parser asks for by name when they are missing.
constexpr std::initializer_list<std::string_view> kRequired = {
    "name", "keys", "rate", "burst", "destination_prefixes", "tenant_attribute", "max_per_client", "limits"};

const json::value* member(const json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  return object == nullptr ? nullptr : object->if_contains(key);
}

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

// rate, per and burst as written, against the GcraRate made of them.
void check_rate(const rl::GcraRate& rate, const json::value& written) {
  check(rate.interval_ns >= 1000);  // the state store counts in microseconds
  check(rate.burst >= 1 && rate.burst <= 1'000'000'000 && rate.burst == integer_or(written, "burst", -1));
  const json::value& units = *member(written, "rate");
  const double per_second = units.is_double() ? units.get_double()
                            : units.is_int64() ? static_cast<double>(units.get_int64())
                                               : static_cast<double>(units.get_uint64());
  check(per_second >= 0.001 && per_second <= 1e6);
  const double period_ns = string_or(written, "per", "second") == "minute" ? 60e9 : 1e9;
  check(std::abs(static_cast<double>(rate.interval_ns) - period_ns / per_second) <= 1.0);
}

void check_limit(const rl::LimitConfig& limit, const json::value& written) {
  check(!limit.name.empty() && limit.name.size() <= 64 && limit.name == string_or(written, "name", ""));
  check(std::all_of(limit.name.begin(), limit.name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }));
  const json::array& keys = member(written, "keys")->as_array();
  check(!limit.keys.empty() && limit.keys.size() == keys.size());
  for (size_t i = 0; i < limit.keys.size(); ++i) {
    check(rl::name_of(limit.keys[i]) == std::string_view(keys[i].as_string()));
    check(std::count(limit.keys.begin(), limit.keys.end(), limit.keys[i]) == 1);
  }
  check_rate(limit.rate, written);
  check((limit.scope == rl::LimitScope::global) == (string_or(written, "scope", "local") == "global"));
  check((limit.on_store_unavailable == rl::StoreFailure::deny) ==
        (string_or(written, "on_store_unavailable", "allow") == "deny"));
  check(limit.scope == rl::LimitScope::global || member(written, "on_store_unavailable") == nullptr);
  check(limit.status == integer_or(written, "status", rl::kStatusThrottled));

  // Prefixes: only with their key, each once without its '+', each found again by the limit's tree.
  check(limit.keyed_by(rl::KeyKind::destination_prefix) == !limit.destination_prefixes.empty());
  std::set<std::string_view> seen;
  for (const std::string& prefix : limit.destination_prefixes) {
    const std::string_view bare = rl::comparable_address(prefix);
    check(!bare.empty() && prefix.size() <= 21 && seen.insert(bare).second);
  }
  // Tenants: only with their key, "<plugin>.<key>".
  check(limit.keyed_by(rl::KeyKind::tenant) == !limit.tenant_attribute.empty());
  if (!limit.tenant_attribute.empty()) {
    const size_t dot = limit.tenant_attribute.find('.');
    check(dot != std::string::npos && dot > 0 && dot + 1 < limit.tenant_attribute.size());
    check(limit.tenant_attribute.size() <= 256);
  }

  // The limit the limiter builds of it: every prefix is its own longest match, and a request with a
  // value for every key has a key.
  const rl::Limit built(limit, 0);
  for (const std::string& prefix : limit.destination_prefixes) {
    check(built.config().keyed_by(rl::KeyKind::destination_prefix));
    const rl::RequestFacts facts{"client", "sender", prefix, "route", "cluster", {std::string_view("tenant")}};
    const std::optional<std::string> key = built.key_for(facts);
    check(key.has_value());
    check(!built.describe(*key).empty());
  }
}

void check_accepted(const rl::RatelimitConfig& config, const json::value& document) {
  check(document.is_object());
  check(!config.limits.empty() || config.bind_attempts || config.concurrent_binds);
  const json::value* limits = member(document, "limits");
  check(config.limits.size() == (limits == nullptr ? 0 : limits->as_array().size()));
  std::set<std::string> names;
  for (size_t i = 0; i < config.limits.size(); ++i) {
    check(names.insert(config.limits[i].name).second);
    check_limit(config.limits[i], limits->as_array()[i]);
  }
  for (const auto& [command, cost] : config.command_costs) check(command != 0x04 && cost >= 1 && cost <= 1000);
  check(config.max_local_keys >= 16 && config.max_local_keys <= 100'000'000);
  check(config.max_local_keys == integer_or(document, "max_local_keys", 100000));
  check(config.key_prefix.size() <= 128 && config.key_prefix == string_or(document, "key_prefix", "ratelimit/"));
  check(config.bind_attempts.has_value() == (member(document, "bind_attempts") != nullptr));
  if (config.bind_attempts) {
    const json::value& written = *member(document, "bind_attempts");
    check_rate(config.bind_attempts->rate, written);
    check(config.bind_attempts->status == integer_or(written, "status", rl::kStatusBindFail));
  }
  check(config.concurrent_binds.has_value() == (member(document, "concurrent_binds") != nullptr));
  if (config.concurrent_binds) {
    check(config.concurrent_binds->max_per_client >= 1 && config.concurrent_binds->max_per_client <= 1'000'000);
    const json::value& written = *member(document, "concurrent_binds");
    check(config.concurrent_binds->status == integer_or(written, "status", rl::kStatusBindFail));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt =
      smppd::fuzz::attempt_parse<rl::ConfigError>(text, [](std::string_view in) { return rl::parse_ratelimit_config(in); });
  const auto& [config, error, json_error, document] = attempt;

  if (!config) {
    check(smppd::fuzz::refusal_names_its_place(attempt, kRequired));
    return 0;
  }
  check(!json_error);
  check_accepted(*config, document);
  return 0;
}
