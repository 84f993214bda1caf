// The credit config: the price tree, every key and its limits, errors that name the key, the
// schema as the loader takes it, and etc/credit.example.toml accepted as it is shipped.
#include "plugins/filter/credit/credit_config.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <toml++/toml.h>

#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::credit {
namespace {

TEST(PriceTableTest, TheLongestPrefixWins) {
  PriceTable table;
  ASSERT_TRUE(table.add("49", 8));
  ASSERT_TRUE(table.add("4915", 5));
  ASSERT_TRUE(table.add("1", 20));
  EXPECT_FALSE(table.add("", 1));
  EXPECT_FALSE(table.add("+49", 1));
  EXPECT_FALSE(table.add("49 1", 1));
  EXPECT_EQ(table.size(), 3u);

  EXPECT_EQ(table.lookup("4915112345678"), 5);
  EXPECT_EQ(table.lookup("+4915112345678"), 5);
  EXPECT_EQ(table.lookup("4917012345678"), 8);
  EXPECT_EQ(table.lookup("491"), 8);
  EXPECT_EQ(table.lookup("4"), std::nullopt);  // a node without a price
  EXPECT_EQ(table.lookup("12125550100"), 20);
  EXPECT_EQ(table.lookup("33612345678"), std::nullopt);
  EXPECT_EQ(table.lookup(""), std::nullopt);
  EXPECT_EQ(table.lookup("49-15"), 8);  // the number ends at its first non-digit

  ASSERT_TRUE(table.add("4915", 4));  // a second price replaces the first
  EXPECT_EQ(table.lookup("4915"), 4);
  EXPECT_EQ(table.size(), 3u);
}

TEST(CreditConfigTest, DefaultsAndEveryKey) {
  const CreditConfig defaults = parse_credit_config(R"({"default_price": 10})");
  EXPECT_EQ(defaults.default_price, 10);
  EXPECT_EQ(defaults.insufficient_status, 0x45u);
  EXPECT_EQ(defaults.on_store_unavailable, StoreUnavailablePolicy::deny);
  EXPECT_EQ(defaults.unavailable_status, 0x58u);
  EXPECT_EQ(defaults.reservation_ttl, std::chrono::seconds(3600));
  EXPECT_EQ(defaults.key_prefix, "credit/");
  EXPECT_EQ(defaults.threshold_of("acme"), 0);
  EXPECT_TRUE(defaults.audit_file.empty());
  EXPECT_EQ(defaults.grant, 0) << "exact mode unless asked";
  EXPECT_EQ(defaults.grant_flush, std::chrono::milliseconds(250));
  EXPECT_EQ(defaults.grant_idle, std::chrono::seconds(5));

  const CreditConfig full = parse_credit_config(R"({
    "default_price": 1000, "prices": {"49": 800, "4915": 700},
    "price_attribute": "pricing.price", "account_attribute": "auth_static.tenant",
    "insufficient_status": 88, "on_store_unavailable": "allow", "unavailable_status": 20,
    "reservation_ttl_s": 600, "key_prefix": "eur/",
    "low_balance": {"threshold": 5000, "accounts": {"bigco": 100000}},
    "audit_file": "credit-audit.log", "grant": 100000, "grant_flush_ms": 50, "grant_idle_s": 30})");
  EXPECT_EQ(full.prices.lookup("4915"), 700);
  EXPECT_EQ(full.price_attribute, "pricing.price");
  EXPECT_EQ(full.account_attribute, "auth_static.tenant");
  EXPECT_EQ(full.insufficient_status, 88u);
  EXPECT_EQ(full.on_store_unavailable, StoreUnavailablePolicy::allow);
  EXPECT_EQ(full.unavailable_status, 20u);
  EXPECT_EQ(full.reservation_ttl, std::chrono::seconds(600));
  EXPECT_EQ(full.key_prefix, "eur/");
  EXPECT_EQ(full.threshold_of("acme"), 5000);
  EXPECT_EQ(full.threshold_of("bigco"), 100000);
  EXPECT_EQ(full.audit_file, "credit-audit.log");
  EXPECT_EQ(full.grant, 100000);
  EXPECT_EQ(full.grant_flush, std::chrono::milliseconds(50));
  EXPECT_EQ(full.grant_idle, std::chrono::seconds(30));
}

struct Refusal {
  const char* json;
  const char* names;  // what the message must contain
};

TEST(CreditConfigTest, RefusalsNameTheKey) {
  const Refusal refusals[] = {
      {"[]", "must be a table"},
      {"{", "not JSON"},
      {R"({"default_price": 1, "colour": "red"})", "colour: is not a key of credit"},
      {R"({})", "nothing prices a message"},
      {R"({"default_price": -1})", "default_price: must be an integer from 0"},
      {R"({"default_price": 1.5})", "default_price: must be an integer"},
      {R"({"default_price": 1000000000000001})", "default_price"},
      {R"({"prices": {"+49": 1}})", "prices.\"+49\": a prefix is 1 to 20 digits"},
      {R"({"prices": {"49": "cheap"}})", "prices.\"49\": must be an integer"},
      {R"({"price_attribute": "price"})", "price_attribute: must be an attribute key"},
      {R"({"default_price": 1, "account_attribute": ".tenant"})", "account_attribute"},
      {R"({"default_price": 1, "on_store_unavailable": "maybe"})", "on_store_unavailable: must be \"allow\" or \"deny\""},
      {R"({"default_price": 1, "insufficient_status": 0})", "insufficient_status"},
      {R"({"default_price": 1, "reservation_ttl_s": 5})", "reservation_ttl_s: must be an integer from 60"},
      {R"({"default_price": 1, "low_balance": {"threshold": 1, "every": 2}})", "low_balance.every: is not a key"},
      {R"({"default_price": 1, "low_balance": {"accounts": {"acme": -3}}})", "low_balance.accounts.acme"},
      {R"({"default_price": 1, "audit_file": ""})", "audit_file"},
      {R"({"default_price": 1, "grant": -1})", "grant: must be an integer from 0 to 1000000000000000"},
      {R"({"default_price": 1, "grant": 1000000000000001})", "grant: must be an integer"},
      {R"({"default_price": 1, "grant": "lots"})", "grant: must be an integer"},
      {R"({"default_price": 1, "grant_flush_ms": 5})", "grant_flush_ms: must be an integer from 10 to 10000"},
      {R"({"default_price": 1, "grant_flush_ms": 10001})", "grant_flush_ms"},
      {R"({"default_price": 1, "grant_idle_s": 0})", "grant_idle_s: must be an integer from 1 to 3600"},
      {R"({"default_price": 1, "grant_idle_s": 1.5})", "grant_idle_s: must be an integer"},
  };
  for (const Refusal& refusal : refusals) {
    try {
      (void)parse_credit_config(refusal.json);
      ADD_FAILURE() << "accepted: " << refusal.json;
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find(refusal.names), std::string::npos)
          << refusal.json << " -> " << error.what();
    }
  }
}

TEST(CreditConfigTest, ThePriceAttributeAloneIsEnough) {
  const CreditConfig config = parse_credit_config(R"({"price_attribute": "pricing.price"})");
  EXPECT_FALSE(config.default_price);
  EXPECT_EQ(config.prices.size(), 0u);
}

TEST(CreditConfigTest, TheSchemaUsesOnlyWhatTheLoaderUnderstands) {
  EXPECT_TRUE(smppd::testing::schema_problems(kConfigSchema).empty());
}

TEST(CreditConfigTest, TheShippedExampleIsAccepted) {
  const toml::table example = toml::parse_file(SMPPD_CREDIT_EXAMPLE);
  const toml::array* listeners = example["listeners"].as_array();
  ASSERT_NE(listeners, nullptr);
  int found = 0;
  for (const toml::node& listener : *listeners) {
    const toml::array* filters = listener.as_table()->get_as<toml::array>("filters");
    if (filters == nullptr) continue;
    for (const toml::node& filter : *filters) {
      if (filter.as_table()->get_as<std::string>("name")->get() != "credit") continue;
      std::ostringstream json;
      json << toml::json_formatter(*filter.as_table()->get_as<toml::table>("config"));
      EXPECT_NO_THROW((void)parse_credit_config(json.str())) << json.str();
      ++found;
    }
  }
  EXPECT_EQ(found, 1);
}

}  // namespace
}  // namespace smppd::plugins::credit
