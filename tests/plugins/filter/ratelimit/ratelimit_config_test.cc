// The config: defaults, every key, the schema the loader checks, the commented example, and
// refusals that name the limit and the key at fault.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "plugins/filter/ratelimit/config_error.h"
#include "plugins/filter/ratelimit/config_schema.h"
#include "plugins/filter/ratelimit/ratelimit_config.h"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::ratelimit {
namespace {

// parse_ratelimit_config's refusal, or "" when it took the config.
std::string refusal(const std::string& json) {
  try {
    (void)parse_ratelimit_config(json);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

std::string one_limit(const std::string& fields) { return R"({"limits": [{"name": "ok", "keys": ["client"], "rate": 1, "burst": 1}, {)" + fields + "}]}"; }

TEST(RatelimitConfigTest, TheSchemaUsesOnlyKeywordsTheLoaderKnows) {
  EXPECT_EQ(smppd::testing::schema_problems(kConfigSchema), std::vector<std::string>{});
}

TEST(RatelimitConfigTest, DefaultsAreDocumented) {
  const RatelimitConfig config = parse_ratelimit_config(R"({"limits": [{"name": "c", "keys": ["client"], "rate": 10, "burst": 20}]})");
  ASSERT_EQ(config.limits.size(), 1u);
  const LimitConfig& limit = config.limits[0];
  EXPECT_EQ(limit.scope, LimitScope::local);
  EXPECT_EQ(limit.on_store_unavailable, StoreFailure::allow);
  EXPECT_EQ(limit.status, 0x58u) << "ESME_RTHROTTLED";
  EXPECT_EQ(limit.rate, (GcraRate{100'000'000, 20}));
  EXPECT_EQ(config.max_local_keys, 100000u);
  EXPECT_EQ(config.key_prefix, "ratelimit/");
  EXPECT_TRUE(config.command_costs.empty());
  EXPECT_FALSE(config.bind_attempts);
  EXPECT_FALSE(config.concurrent_binds);
}

TEST(RatelimitConfigTest, ParsesEveryKey) {
  const RatelimitConfig config = parse_ratelimit_config(R"({
    "limits": [
      {"name": "uk_per_client", "keys": ["client", "destination_prefix"], "rate": 30, "per": "minute", "burst": 10,
       "scope": "global", "on_store_unavailable": "deny", "status": 20, "destination_prefixes": ["44", "+4477"]},
      {"name": "tenant", "keys": ["tenant", "route", "cluster", "sender"], "rate": 0.5, "burst": 1,
       "tenant_attribute": "auth_static.tenant"}],
    "command_costs": {"query_sm": 1, "enquire_link": 0, "submit_multi": 5},
    "max_local_keys": 5000, "key_prefix": "rl:",
    "bind_attempts": {"rate": 2, "burst": 4, "status": 88},
    "concurrent_binds": {"max_per_client": 3, "status": 5}})");
  ASSERT_EQ(config.limits.size(), 2u);
  const LimitConfig& uk = config.limits[0];
  EXPECT_EQ(uk.keys, (std::vector<KeyKind>{KeyKind::client, KeyKind::destination_prefix}));
  EXPECT_EQ(uk.rate, (GcraRate{2'000'000'000, 10}));
  EXPECT_EQ(uk.scope, LimitScope::global);
  EXPECT_EQ(uk.on_store_unavailable, StoreFailure::deny);
  EXPECT_EQ(uk.status, 20u);
  EXPECT_EQ(uk.destination_prefixes, (std::vector<std::string>{"44", "+4477"}));
  const LimitConfig& tenant = config.limits[1];
  EXPECT_EQ(tenant.keys, (std::vector<KeyKind>{KeyKind::tenant, KeyKind::route, KeyKind::cluster, KeyKind::sender}));
  EXPECT_EQ(tenant.rate.interval_ns, 2'000'000'000);
  EXPECT_EQ(tenant.tenant_attribute, "auth_static.tenant");
  EXPECT_EQ(config.command_costs, (std::map<uint32_t, int64_t>{{0x03, 1}, {0x21, 5}})) << "a cost of 0 is no cost";
  EXPECT_EQ(config.max_local_keys, 5000u);
  EXPECT_EQ(config.key_prefix, "rl:");
  ASSERT_TRUE(config.bind_attempts);
  EXPECT_EQ(config.bind_attempts->rate, (GcraRate{500'000'000, 4}));
  EXPECT_EQ(config.bind_attempts->status, 88u);
  ASSERT_TRUE(config.concurrent_binds);
  EXPECT_EQ(config.concurrent_binds->max_per_client, 3u);
  EXPECT_EQ(config.concurrent_binds->status, 5u);
}

TEST(RatelimitConfigTest, BindLimitsAloneAreAConfig) {
  const RatelimitConfig config = parse_ratelimit_config(R"({"concurrent_binds": {"max_per_client": 1}})");
  EXPECT_TRUE(config.limits.empty());
  EXPECT_EQ(config.concurrent_binds->status, 0x0Du) << "ESME_RBINDFAIL";
}

TEST(RatelimitConfigTest, RefusalsNameTheLimitAndTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{}", "nothing to limit"},
      {"[]", "the config must be a table"},
      {R"({"limit": []})", "limit: is not a key here"},
      {one_limit(R"("keys": ["client"], "rate": 1, "burst": 1)"), "limits[1].name: is required"},
      {one_limit(R"("name": "bad name", "keys": ["client"], "rate": 1, "burst": 1)"), "limits[1].name: is required"},
      {one_limit(R"("name": "ok", "keys": ["client"], "rate": 1, "burst": 1)"), "limits[1] (\"ok\").name: another limit"},
      {one_limit(R"("name": "x", "rate": 1, "burst": 1)"), "limits[1] (\"x\").keys: is required"},
      {one_limit(R"("name": "x", "keys": ["msisdn"], "rate": 1, "burst": 1)"), "limits[1] (\"x\").keys: \"msisdn\" is not a key kind"},
      {one_limit(R"("name": "x", "keys": ["client", "client"], "rate": 1, "burst": 1)"), "limits[1] (\"x\").keys: \"client\" is named twice"},
      {one_limit(R"("name": "x", "keys": ["client"], "burst": 1)"), "limits[1] (\"x\").rate: is required"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 0, "burst": 1)"), "limits[1] (\"x\").rate: must be from 0.001"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": "fast", "burst": 1)"), "limits[1] (\"x\").rate: must be a number"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "per": "hour", "burst": 1)"), "limits[1] (\"x\").per: must be"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1)"), "limits[1] (\"x\").burst: is required"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 0)"), "limits[1] (\"x\").burst: must be an integer from 1"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 1, "scope": "cluster")"), "limits[1] (\"x\").scope: must be"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 1, "on_store_unavailable": "deny")"),
       "limits[1] (\"x\").on_store_unavailable: applies to scope = \"global\" only"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 1, "scope": "global", "on_store_unavailable": "maybe")"),
       "limits[1] (\"x\").on_store_unavailable: must be"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 1, "status": -1)"), "limits[1] (\"x\").status: must be an integer"},
      {one_limit(R"("name": "x", "keys": ["destination_prefix"], "rate": 1, "burst": 1)"),
       "limits[1] (\"x\").destination_prefixes: is required with the key destination_prefix"},
      {one_limit(R"("name": "x", "keys": ["destination_prefix"], "rate": 1, "burst": 1, "destination_prefixes": ["44", "+44"])"),
       "limits[1] (\"x\").destination_prefixes: \"+44\" is listed twice"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 1, "destination_prefixes": ["44"])"),
       "limits[1] (\"x\").destination_prefixes: needs the key destination_prefix"},
      {one_limit(R"("name": "x", "keys": ["tenant"], "rate": 1, "burst": 1)"), "limits[1] (\"x\").tenant_attribute: is required"},
      {one_limit(R"("name": "x", "keys": ["tenant"], "rate": 1, "burst": 1, "tenant_attribute": "tenant")"),
       "limits[1] (\"x\").tenant_attribute: must be an attribute key"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 1, "tenant_attribute": "a.b")"),
       "limits[1] (\"x\").tenant_attribute: needs the key tenant"},
      {one_limit(R"("name": "x", "keys": ["client"], "rate": 1, "burst": 1, "window": 5)"), "limits[1] (\"x\").window: is not a key here"},
      {R"({"limits": [{"name": "x", "keys": ["client"], "rate": 1, "burst": 1}], "command_costs": {"submit_sm": 2}})",
       "command_costs.submit_sm: is not a command with a cost"},
      {R"({"limits": [{"name": "x", "keys": ["client"], "rate": 1, "burst": 1}], "max_local_keys": 3})",
       "max_local_keys: must be an integer from 16"},
      {R"({"bind_attempts": {"rate": 1}})", "bind_attempts.burst: is required"},
      {R"({"bind_attempts": {"rate": 1, "burst": 1, "per": "day"}})", "bind_attempts.per: must be"},
      {R"({"concurrent_binds": {}})", "concurrent_binds.max_per_client: is required"},
      {R"({"concurrent_binds": {"max_per_client": 0}})", "concurrent_binds.max_per_client: must be an integer from 1"},
  };
  for (const auto& [json, expected] : cases) {
    const std::string why = refusal(json);
    EXPECT_NE(why.find(expected), std::string::npos) << json << "\n  refused with: " << why;
  }
}

TEST(RatelimitConfigTest, TheCommentedExampleParses) {
  const toml::table document = toml::parse_file(SMPPD_RATELIMIT_EXAMPLE);
  EXPECT_EQ(document["listeners"][0]["filters"][0]["name"].value_or(std::string()), "ratelimit");
  const toml::table* config = document["listeners"][0]["filters"][0]["config"].as_table();
  ASSERT_NE(config, nullptr);
  std::ostringstream json;
  json << toml::json_formatter{*config};
  const RatelimitConfig parsed = parse_ratelimit_config(json.str());
  EXPECT_GE(parsed.limits.size(), 4u);
  EXPECT_TRUE(parsed.bind_attempts);
  EXPECT_TRUE(parsed.concurrent_binds);
}

}  // namespace
}  // namespace smppd::plugins::ratelimit
