// Unit tests of the deny_prefix example, run against the SDK's fake host (fake_host.h): the plugin
// is compiled into the test binary and driven through its descriptor and vtable as smppd would,
// with no smppd running. Built by this directory's CMakeLists.txt with -DDENY_PREFIX_TESTS=ON,
// and by smppd's own tests (tests/abi).
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "fake_host.h"
#include "smppd/plugin.h"

// The entry symbol of the plugin under test: C linkage, as the plugin defines it.
extern "C" const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

namespace {

using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;
using smppd::testing::FilterOutcome;

class DenyPrefixTest : public ::testing::Test {
 protected:
  // Configures the filter and sends one request with this command and destination.
  FilterOutcome send(uint32_t command_id, std::string_view destination) {
    FakeMessage message(command_id);
    message.set_string(SMPPD_F_DESTINATION_ADDR, destination);
    FakeCall call(session_, message);
    auto instance = filter_.open_session(session_);
    return instance.request(call);
  }

  FakeHost host_;
  FilterDriver filter_{host_, SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR), "deny_prefix"};
  FakeSession session_;
};

TEST_F(DenyPrefixTest, DescribesItselfAsOneFilterOfThisAbi) {
  const smppd_plugin_descriptor* descriptor = SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR);
  ASSERT_NE(descriptor, nullptr);
  EXPECT_EQ(descriptor->struct_size, sizeof(smppd_plugin_descriptor));
  EXPECT_EQ(descriptor->abi_major, static_cast<uint32_t>(SMPPD_ABI_VERSION_MAJOR));
  EXPECT_EQ(descriptor->abi_minor, static_cast<uint32_t>(SMPPD_ABI_VERSION_MINOR));
  EXPECT_EQ(descriptor->min_host_minor, 0u);
  EXPECT_STREQ(descriptor->name, "deny_prefix");
  EXPECT_STREQ(descriptor->version, "1.0.0");
  ASSERT_EQ(descriptor->factory_count, 1u);
  EXPECT_EQ(descriptor->factories[0].kind, SMPPD_KIND_FILTER);
  EXPECT_NE(descriptor->factories[0].config_schema, nullptr);
}

TEST_F(DenyPrefixTest, RefusesSubmitSmToADeniedPrefixWithTheDefaultStatus) {
  ASSERT_EQ(filter_.configure(R"({"prefixes":["1900","44871"]})"), SMPPD_OK);
  const FilterOutcome outcome = send(SMPPD_CMD_SUBMIT_SM, "448715550100");
  EXPECT_EQ(outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(outcome.command_status, SMPPD_STATUS_RINVDSTADR);
  EXPECT_EQ(host_.counter("smppd.plugin.deny_prefix.denied_total"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_DEBUG, "refused submit_sm to 448715550100"));
}

TEST_F(DenyPrefixTest, AnswersTheConfiguredStatus) {
  ASSERT_EQ(filter_.configure(R"({"prefixes":["1900"],"status":88})"), SMPPD_OK);
  const FilterOutcome outcome = send(SMPPD_CMD_SUBMIT_SM, "19005550100");
  EXPECT_EQ(outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(outcome.command_status, SMPPD_STATUS_RTHROTTLED);
}

TEST_F(DenyPrefixTest, LetsOtherDestinationsThrough) {
  ASSERT_EQ(filter_.configure(R"({"prefixes":["1900"]})"), SMPPD_OK);
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_SM, "4419005550100").verdict, SMPPD_CONTINUE);  // not at the start
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_SM, "190").verdict, SMPPD_CONTINUE);            // shorter than the prefix
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_SM, "").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(host_.counter("smppd.plugin.deny_prefix.denied_total"), 0u);
}

TEST_F(DenyPrefixTest, LetsOtherCommandsThrough) {
  ASSERT_EQ(filter_.configure(R"({"prefixes":["1900"]})"), SMPPD_OK);
  EXPECT_EQ(send(SMPPD_CMD_DATA_SM, "19005550100").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_MULTI, "19005550100").verdict, SMPPD_CONTINUE);
}

TEST_F(DenyPrefixTest, AnEmptyListDeniesNothing) {
  ASSERT_EQ(filter_.configure(R"( { "prefixes" : [ ] } )"), SMPPD_OK);
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_SM, "19005550100").verdict, SMPPD_CONTINUE);
}

TEST_F(DenyPrefixTest, ReadsJsonWithSpaceAndManyPrefixes) {
  ASSERT_EQ(filter_.configure("{\n  \"status\": 1,\n  \"prefixes\": [\"1\", \"22\", \"333\", \"4444\", \"55555\",\n"
                              "    \"666666\", \"7777777\", \"88888888\", \"999999999\"]\n}\n"),
            SMPPD_OK);
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_SM, "999999999").command_status, 1u);
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_SM, "4444").verdict, SMPPD_STOP);
  EXPECT_EQ(send(SMPPD_CMD_SUBMIT_SM, "4445").verdict, SMPPD_CONTINUE);
}

struct RefusedConfig {
  const char* name;
  const char* json;
  const char* reason;  // a part of the reason written to the error buffer
};

// Names the case in test output (and in ctest's test names).
void PrintTo(const RefusedConfig& config, std::ostream* out) { *out << config.name; }

class DenyPrefixRefusalTest : public DenyPrefixTest, public ::testing::WithParamInterface<RefusedConfig> {};

TEST_P(DenyPrefixRefusalTest, RefusesWithAReason) {
  std::string error;
  EXPECT_EQ(filter_.configure(GetParam().json, &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find(GetParam().reason), std::string::npos) << error;
  EXPECT_EQ(filter_.config(), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    Configs, DenyPrefixRefusalTest,
    ::testing::Values(RefusedConfig{"NotATable", "", "expected a table"},
                      RefusedConfig{"ArrayNotTable", "[]", "expected a table"},
                      RefusedConfig{"EmptyTable", "{}", "prefixes: required"},
                      RefusedConfig{"NoPrefixes", R"({"status":11})", "prefixes: required"},
                      RefusedConfig{"PrefixesNotArray", R"({"prefixes":"1900"})", "expected an array"},
                      RefusedConfig{"PrefixNotString", R"({"prefixes":[1900]})", "prefixes[0]: expected a string"},
                      RefusedConfig{"PrefixWithLetter", R"({"prefixes":["1900","19a"]})", "prefixes[1]: only digits"},
                      RefusedConfig{"PrefixWithPlus", R"({"prefixes":["+1900"]})", "only digits"},
                      RefusedConfig{"EmptyPrefix", R"({"prefixes":[""]})", "1 to 20 digits"},
                      RefusedConfig{"PrefixTooLong", R"({"prefixes":["123456789012345678901"]})", "1 to 20 digits"},
                      RefusedConfig{"PrefixWithEscape", R"({"prefixes":["19\u0030"]})", "without escapes"},
                      RefusedConfig{"UnclosedArray", R"({"prefixes":["1900"})", "expected ',' or ']'"},
                      RefusedConfig{"StatusZero", R"({"prefixes":["1900"],"status":0})", "status"},
                      RefusedConfig{"StatusNegative", R"({"prefixes":["1900"],"status":-1})", "status"},
                      RefusedConfig{"StatusFraction", R"({"prefixes":["1900"],"status":1.5})", "status"},
                      RefusedConfig{"StatusTooLarge", R"({"prefixes":["1900"],"status":4294967296})", "status"},
                      RefusedConfig{"RepeatedKey", R"({"prefixes":["1900"],"prefixes":["1"]})", "repeated key"},
                      RefusedConfig{"UnknownKey", R"({"prefixes":["1900"],"deny":true})", "unknown"},
                      RefusedConfig{"TrailingBytes", R"({"prefixes":["1900"]} x)", "unexpected bytes"},
                      RefusedConfig{"UnclosedTable", R"({"prefixes":["1900"])", "expected ',' or '}'"}),
    [](const ::testing::TestParamInfo<RefusedConfig>& refused) { return std::string(refused.param.name); });

}  // namespace
