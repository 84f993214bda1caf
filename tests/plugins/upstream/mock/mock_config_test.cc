#include "plugins/upstream/mock/mock_config.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "smppd/cxx/config_box.hpp"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::mock {
namespace {

using Kind = DelayDistribution::Kind;

std::string refusal(std::string_view json) {
  try {
    (void)parse_mock_config(json);
  } catch (const smppd::cxx::ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(MockConfigTest, AnEmptyTableIsAWellBehavedSmsc) {
  for (const std::string_view json : {"", "{}"}) {
    const MockConfig config = parse_mock_config(json);
    EXPECT_EQ(config.latency.kind, Kind::fixed);
    EXPECT_EQ(config.latency.mean_ms, 5);
    EXPECT_TRUE(config.errors.empty());
    EXPECT_TRUE(config.receipts.enabled);
    EXPECT_EQ(config.receipts.delay.kind, Kind::fixed);
    EXPECT_EQ(config.receipts.delay.mean_ms, 100);
    ASSERT_EQ(config.receipts.states.size(), 1u);
    EXPECT_EQ(config.receipts.states[0], (std::pair<ReceiptState, double>{ReceiptState::delivered, 100}));
    EXPECT_EQ(config.mo.rate_per_second, 0);
    EXPECT_EQ(config.mo.gsm7_text, "hello from mock");
    EXPECT_EQ(config.message_id_format, MessageIdFormat::hex);
    EXPECT_FALSE(config.seed);
  }
}

TEST(MockConfigTest, ReadsEveryKey) {
  const MockConfig config = parse_mock_config(R"({
    "latency_ms": {"distribution": "exponential", "mean": 8, "min": 2, "max": 40},
    "errors": [{"status": 88, "percent": 1.5}, {"status": 20, "percent": 0.5}],
    "receipts": {"enabled": true, "delay_ms": {"distribution": "uniform", "min": 50, "max": 500},
                 "states": {"DELIVRD": 95, "UNDELIV": 3, "EXPIRED": 2, "REJECTD": 0}},
    "mo": {"rate_per_second": 2.5, "source": "447700900001", "destination": "555", "text": "caf\u00e9 \u20ac5"},
    "message_id_format": "decimal",
    "seed": 12345
  })");
  EXPECT_EQ(config.latency.kind, Kind::exponential);
  EXPECT_EQ(config.latency.min_ms, 2);
  EXPECT_EQ(config.latency.max_ms, 40);
  ASSERT_EQ(config.errors.size(), 2u);
  EXPECT_EQ(config.errors[0].status, 88u);
  EXPECT_EQ(config.errors[1].percent, 0.5);
  EXPECT_EQ(config.receipts.delay.kind, Kind::uniform);
  EXPECT_EQ(config.receipts.delay.max_ms, 500);
  // A weight of 0 is left out.
  EXPECT_EQ(config.receipts.states.size(), 3u);
  EXPECT_EQ(config.mo.rate_per_second, 2.5);
  EXPECT_EQ(config.mo.destination, "555");
  EXPECT_EQ(config.mo.gsm7_text, std::string("caf\x05 \x1B\x65") + "5");
  EXPECT_EQ(config.message_id_format, MessageIdFormat::decimal);
  EXPECT_EQ(config.seed, 12345u);
}

TEST(MockConfigTest, RefusesMistakesNamingTheKey) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {R"({"latency": {}})", "latency: is not a key here"},
      {R"({"latency_ms": {"median": 5}})", "latency_ms.median: is not a key here"},
      {R"({"latency_ms": {"distribution": "normal"}})", "latency_ms.distribution: must be fixed, uniform or exponential"},
      {R"({"latency_ms": {"min": 20, "max": 10}})", "latency_ms: min must not be above max"},
      {R"({"latency_ms": {"distribution": "exponential", "mean": 60}})", "latency_ms: an exponential's mean"},
      {R"({"latency_ms": {"mean": -1}})", "latency_ms.mean: must be from"},
      {R"({"errors": [{"status": 88, "percent": 60}, {"status": 20, "percent": 50}]})", "add up to more than 100"},
      {R"({"errors": [{"status": 0, "percent": 1}]})", "errors[0].status: must be from 1"},
      {R"({"errors": [{"status": 8.5, "percent": 1}]})", "errors[0].status: must be an integer"},
      {R"({"errors": [{"status": 8}]})", "errors[0]: needs status and percent"},
      {R"({"errors": {"status": 8}})", "errors: must be an array"},
      {R"({"receipts": {"states": {"DELIVERED": 1}}})", "receipts.states.DELIVERED: is not a receipt state"},
      {R"({"receipts": {"states": {"DELIVRD": 0}}})", "receipts.states: at least one state"},
      {R"({"receipts": {"enabled": "yes"}})", "receipts.enabled: must be true or false"},
      {R"({"mo": {"text": "smile \ud83d\ude00"}})", "mo.text: must be UTF-8 text in the GSM 03.38 default alphabet"},
      {R"({"mo": {"source": ""}})", "mo.source: must be 1 to 20"},
      {R"({"mo": {"destination": "123456789012345678901"}})", "mo.destination: must be 1 to 20"},
      {R"({"mo": {"rate_per_second": 1000000}})", "mo.rate_per_second: must be from"},
      {R"({"message_id_format": "base64"})", "message_id_format: must be hex or decimal"},
      {R"({"seed": -3})", "seed: must be an integer from 0"},
      {R"([])", "the config must be a table"},
      {R"({)", "not JSON"},
  };
  for (const auto& [json, reason] : cases) {
    EXPECT_NE(refusal(json).find(reason), std::string::npos) << json << " -> " << refusal(json);
  }
}

TEST(MockConfigTest, StatesNeedNoWeightWhenReceiptsAreOff) {
  EXPECT_EQ(refusal(R"({"receipts": {"enabled": false, "states": {"DELIVRD": 0}}})"), "(accepted)");
}

TEST(MockConfigTest, TheSchemaUsesOnlyWhatTheLoaderChecks) {
  EXPECT_EQ(smppd::testing::schema_problems(kConfigSchema), std::vector<std::string>{});
}

}  // namespace
}  // namespace smppd::plugins::mock
