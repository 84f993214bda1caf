#include "plugins/filter/ratelimit/ratelimit_config.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "plugins/filter/ratelimit/config_error.h"
#include "plugins/filter/ratelimit/prefix_tree.h"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::ratelimit {
namespace {

namespace json = boost::json;

constexpr std::array<std::pair<std::string_view, KeyKind>, 6> kKeyKinds = {{
    {"client", KeyKind::client},
    {"sender", KeyKind::sender},
    {"destination_prefix", KeyKind::destination_prefix},
    {"route", KeyKind::route},
    {"cluster", KeyKind::cluster},
    {"tenant", KeyKind::tenant},
}};

// command_costs keys and their command_ids (smppd/fields.h).
constexpr std::array<std::pair<std::string_view, uint32_t>, 8> kCostedCommands = {{
    {"query_sm", 0x00000003},
    {"cancel_sm", 0x00000008},
    {"replace_sm", 0x00000007},
    {"submit_multi", 0x00000021},
    {"broadcast_sm", 0x00000111},
    {"query_broadcast_sm", 0x00000112},
    {"cancel_broadcast_sm", 0x00000113},
    {"enquire_link", 0x00000015},
}};

std::string_view key_of(const json::object::value_type& field) { return {field.key().data(), field.key().size()}; }

// Refuses keys of `fields` not in `allowed`, naming them at `where`.
template <size_t N>
void only_keys(const json::object& fields, const std::array<std::string_view, N>& allowed, const std::string& where) {
  for (const auto& field : fields) {
    const std::string_view key = key_of(field);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (const std::string_view name : allowed) known += (known.empty() ? "" : ", ") + std::string(name);
      throw ConfigError(where + std::string(key) + ": is not a key here (" + known + ")");
    }
  }
}

const json::object& object_at(const json::value& value, const std::string& where) {
  if (!value.is_object()) throw ConfigError(where + ": must be a table");
  return value.get_object();
}

std::optional<int64_t> integer_of(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(value.get_uint64());
  return std::nullopt;
}

int64_t integer_in(const json::value& value, int64_t low, int64_t high, const std::string& where) {
  const std::optional<int64_t> number = integer_of(value);
  if (!number || *number < low || *number > high) {
    throw ConfigError(where + ": must be an integer from " + std::to_string(low) + " to " + std::to_string(high));
  }
  return *number;
}

uint32_t status_of(const json::value& value, const std::string& where) {
  return static_cast<uint32_t>(integer_in(value, 0, 0xFFFFFFFFLL, where));
}

std::string string_of(const json::value& value, size_t max_length, const std::string& where) {
  if (!value.is_string() || value.get_string().size() > max_length) {
    throw ConfigError(where + ": must be a string of at most " + std::to_string(max_length) + " characters");
  }
  return std::string(value.get_string());
}

// rate, per and burst of a table: a GcraRate.
GcraRate rate_of(const json::object& fields, const std::string& where) {
  const json::value* rate = fields.if_contains("rate");
  const json::value* burst = fields.if_contains("burst");
  if (rate == nullptr) throw ConfigError(where + "rate: is required (units per second, or per minute with per = \"minute\")");
  if (burst == nullptr) throw ConfigError(where + "burst: is required (units at once)");
  double units = 0;
  if (rate->is_double()) {
    units = rate->get_double();
  } else if (const std::optional<int64_t> whole = integer_of(*rate)) {
    units = static_cast<double>(*whole);
  } else {
    throw ConfigError(where + "rate: must be a number");
  }
  if (!(units >= 0.001 && units <= 1e6)) throw ConfigError(where + "rate: must be from 0.001 to 1000000");
  bool per_minute = false;
  if (const json::value* per = fields.if_contains("per")) {
    const std::string text = per->is_string() ? std::string(per->get_string()) : std::string();
    if (text != "second" && text != "minute") throw ConfigError(where + "per: must be \"second\" or \"minute\"");
    per_minute = text == "minute";
  }
  const int64_t units_at_once = integer_in(*burst, 1, 1'000'000'000, where + "burst");
  const GcraRate result = gcra_rate(units, per_minute, units_at_once);
  // The state store counts in microseconds: a global limit needs one at least.
  if (result.interval_ns < 1000) throw ConfigError(where + "rate: at most 1000000 per second");
  return result;
}

std::string limit_where(size_t index, const std::string& name) {
  return "limits[" + std::to_string(index) + "]" + (name.empty() ? "" : " (\"" + name + "\")") + ".";
}

bool valid_limit_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

LimitConfig parse_limit(const json::value& value, size_t index) {
  std::string where = limit_where(index, "");
  const json::object& fields = object_at(value, where.substr(0, where.size() - 1));
  LimitConfig limit;
  if (const json::value* name = fields.if_contains("name"); name != nullptr && name->is_string()) {
    limit.name = std::string(name->get_string());
  }
  if (!valid_limit_name(limit.name)) {
    throw ConfigError(where + "name: is required: 1 to 64 letters, digits or _ (it names the limit's metrics)");
  }
  where = limit_where(index, limit.name);
  only_keys(fields,
            std::array<std::string_view, 10>{"name", "keys", "rate", "per", "burst", "scope", "on_store_unavailable",
                                             "status", "destination_prefixes", "tenant_attribute"},
            where);

  const json::value* keys = fields.if_contains("keys");
  if (keys == nullptr || !keys->is_array() || keys->get_array().empty()) {
    throw ConfigError(where + "keys: is required: a list of client, sender, destination_prefix, route, cluster, tenant");
  }
  for (const json::value& key : keys->get_array()) {
    const std::string_view text = key.is_string() ? std::string_view(key.get_string()) : std::string_view();
    const auto kind = std::find_if(kKeyKinds.begin(), kKeyKinds.end(), [&](const auto& entry) { return entry.first == text; });
    if (kind == kKeyKinds.end()) {
      throw ConfigError(where + "keys: \"" + std::string(text) +
                        "\" is not a key kind (client, sender, destination_prefix, route, cluster, tenant)");
    }
    if (limit.keyed_by(kind->second)) throw ConfigError(where + "keys: \"" + std::string(text) + "\" is named twice");
    limit.keys.push_back(kind->second);
  }
  limit.rate = rate_of(fields, where);

  if (const json::value* scope = fields.if_contains("scope")) {
    const std::string text = scope->is_string() ? std::string(scope->get_string()) : std::string();
    if (text != "local" && text != "global") throw ConfigError(where + "scope: must be \"local\" or \"global\"");
    limit.scope = text == "global" ? LimitScope::global : LimitScope::local;
  }
  if (const json::value* failure = fields.if_contains("on_store_unavailable")) {
    const std::string text = failure->is_string() ? std::string(failure->get_string()) : std::string();
    if (text != "allow" && text != "deny") throw ConfigError(where + "on_store_unavailable: must be \"allow\" or \"deny\"");
    if (limit.scope != LimitScope::global) {
      throw ConfigError(where + "on_store_unavailable: applies to scope = \"global\" only (a local limit needs no store)");
    }
    limit.on_store_unavailable = text == "deny" ? StoreFailure::deny : StoreFailure::allow;
  }
  if (const json::value* status = fields.if_contains("status")) limit.status = status_of(*status, where + "status");

  const json::value* prefixes = fields.if_contains("destination_prefixes");
  if (limit.keyed_by(KeyKind::destination_prefix)) {
    if (prefixes == nullptr || !prefixes->is_array() || prefixes->get_array().empty()) {
      throw ConfigError(where + "destination_prefixes: is required with the key destination_prefix (a list of prefixes)");
    }
    PrefixTree seen;
    for (const json::value& prefix : prefixes->get_array()) {
      std::string text = string_of(prefix, 21, where + "destination_prefixes");
      if (comparable_address(text).empty()) throw ConfigError(where + "destination_prefixes: a prefix may not be empty");
      if (!seen.insert(text)) throw ConfigError(where + "destination_prefixes: \"" + text + "\" is listed twice");
      limit.destination_prefixes.push_back(std::move(text));
    }
  } else if (prefixes != nullptr) {
    throw ConfigError(where + "destination_prefixes: needs the key destination_prefix in keys");
  }

  const json::value* tenant = fields.if_contains("tenant_attribute");
  if (limit.keyed_by(KeyKind::tenant)) {
    if (tenant == nullptr) throw ConfigError(where + "tenant_attribute: is required with the key tenant (\"<plugin>.<key>\")");
    limit.tenant_attribute = string_of(*tenant, 256, where + "tenant_attribute");
    const size_t dot = limit.tenant_attribute.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == limit.tenant_attribute.size()) {
      throw ConfigError(where + "tenant_attribute: must be an attribute key \"<plugin>.<key>\"");
    }
  } else if (tenant != nullptr) {
    throw ConfigError(where + "tenant_attribute: needs the key tenant in keys");
  }
  return limit;
}

std::optional<BindAttemptsConfig> parse_bind_attempts(const json::value& value) {
  const json::object& fields = object_at(value, "bind_attempts");
  only_keys(fields, std::array<std::string_view, 4>{"rate", "per", "burst", "status"}, "bind_attempts.");
  BindAttemptsConfig config;
  config.rate = rate_of(fields, "bind_attempts.");
  if (const json::value* status = fields.if_contains("status")) config.status = status_of(*status, "bind_attempts.status");
  return config;
}

std::optional<ConcurrentBindsConfig> parse_concurrent_binds(const json::value& value) {
  const json::object& fields = object_at(value, "concurrent_binds");
  only_keys(fields, std::array<std::string_view, 2>{"max_per_client", "status"}, "concurrent_binds.");
  const json::value* max = fields.if_contains("max_per_client");
  if (max == nullptr) throw ConfigError("concurrent_binds.max_per_client: is required");
  ConcurrentBindsConfig config;
  config.max_per_client = static_cast<uint32_t>(integer_in(*max, 1, 1'000'000, "concurrent_binds.max_per_client"));
  if (const json::value* status = fields.if_contains("status")) config.status = status_of(*status, "concurrent_binds.status");
  return config;
}

}  // namespace

std::string_view name_of(KeyKind kind) noexcept {
  for (const auto& [name, value] : kKeyKinds) {
    if (value == kind) return name;
  }
  return "?";
}

bool LimitConfig::keyed_by(KeyKind kind) const { return std::find(keys.begin(), keys.end(), kind) != keys.end(); }

RatelimitConfig parse_ratelimit_config(std::string_view text) {
  const json::value document = cxx::parse_config_table<ConfigError>(text);
  const json::object& fields = document.get_object();
  only_keys(fields,
            std::array<std::string_view, 6>{"limits", "command_costs", "max_local_keys", "key_prefix", "bind_attempts",
                                            "concurrent_binds"},
            "");

  RatelimitConfig config;
  if (const json::value* limits = fields.if_contains("limits")) {
    if (!limits->is_array()) throw ConfigError("limits: must be a list of [[limits]] tables");
    std::set<std::string, std::less<>> names;
    for (size_t i = 0; i < limits->get_array().size(); ++i) {
      LimitConfig limit = parse_limit(limits->get_array()[i], i);
      if (!names.insert(limit.name).second) {
        throw ConfigError(limit_where(i, limit.name) + "name: another limit has this name");
      }
      config.limits.push_back(std::move(limit));
    }
  }
  if (const json::value* costs = fields.if_contains("command_costs")) {
    for (const auto& field : object_at(*costs, "command_costs")) {
      const std::string_view name = key_of(field);
      const auto command = std::find_if(kCostedCommands.begin(), kCostedCommands.end(),
                                        [&](const auto& entry) { return entry.first == name; });
      if (command == kCostedCommands.end()) {
        throw ConfigError("command_costs." + std::string(name) +
                          ": is not a command with a cost (submit_sm and data_sm cost their parts)");
      }
      const int64_t cost = integer_in(field.value(), 0, 1000, "command_costs." + std::string(name));
      if (cost > 0) config.command_costs[command->second] = cost;
    }
  }
  if (const json::value* max = fields.if_contains("max_local_keys")) {
    config.max_local_keys = static_cast<uint32_t>(integer_in(*max, 16, 100'000'000, "max_local_keys"));
  }
  if (const json::value* prefix = fields.if_contains("key_prefix")) config.key_prefix = string_of(*prefix, 128, "key_prefix");
  if (const json::value* attempts = fields.if_contains("bind_attempts")) config.bind_attempts = parse_bind_attempts(*attempts);
  if (const json::value* binds = fields.if_contains("concurrent_binds")) config.concurrent_binds = parse_concurrent_binds(*binds);
  if (config.limits.empty() && !config.bind_attempts && !config.concurrent_binds) {
    throw ConfigError("limits: nothing to limit: give at least one of limits, bind_attempts, concurrent_binds");
  }
  return config;
}

}  // namespace smppd::plugins::ratelimit
