// The built libsmppd_firewall.so as smppd loads it: dlopen, the entry symbol, the manifest beside
// it, and messages driven through the C ABI on the fake host.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_host.h"
#include "tests/plugins/filter/firewall/firewall_test_support.h"
#include "tests/plugins/loaded_plugin.h"

namespace smppd::plugins::firewall {
namespace {

using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;

const smppd_plugin_descriptor* loaded() {
  static const smppd_plugin_descriptor* descriptor = [] {
    std::string error;
    const smppd_plugin_descriptor* found = smppd::testing::load_plugin(SMPPD_FIREWALL_SO, &error);
    if (found == nullptr) ADD_FAILURE() << error;
    return found;
  }();
  return descriptor;
}

TEST(FirewallSharedObjectTest, AgreesWithItsManifest) {
  ASSERT_NE(loaded(), nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_FIREWALL_MANIFEST, SMPPD_FIREWALL_SO, *loaded()),
            std::vector<std::string>{});
}

TEST(FirewallSharedObjectTest, DeniesAndHoldsPartsThroughTheCAbi) {
  ASSERT_NE(loaded(), nullptr);
  FakeHost host;
  {
    FilterDriver filter(host, loaded(), "firewall");
    std::string error;
    ASSERT_EQ(filter.configure(R"({"rules": [{"name": "lottery", "action": "deny", "match": {"keywords": ["lottery"]}},
                                             {"name": "links", "action": "tag", "tag": "link", "match": {"urls": "any"}}]})",
                               &error),
              SMPPD_OK)
        << error;
    FakeSession session(testing::client("acme"));
    auto instance = filter.open_session(session);

    auto clean = testing::submit_sm(testing::text("see www.example.com"));
    FakeCall clean_call(session, *clean);
    EXPECT_EQ(instance.request(clean_call).verdict, SMPPD_CONTINUE);
    EXPECT_EQ(clean_call.attributes().get_string("firewall.tag"), "link");

    auto first = testing::udh_part(testing::text("win the lot"), 3, 2, 1);
    FakeCall first_call(session, *first);
    const auto held = instance.request(first_call);
    ASSERT_EQ(held.verdict, SMPPD_PAUSE);
    auto second = testing::udh_part(testing::text("tery"), 3, 2, 2);
    FakeCall second_call(session, *second);
    const auto denied = instance.request(second_call);
    EXPECT_EQ(denied.verdict, SMPPD_STOP);
    EXPECT_EQ(denied.command_status, 0x45u);
    const auto resumed = host.wait_for_resume(held.token);
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->verdict, SMPPD_STOP);
    instance.close();
  }
  EXPECT_EQ(host.counter("smppd.plugin.firewall.denied"), 1u);
}

TEST(FirewallSharedObjectTest, ARefusedConfigCrossesTheAbiAsAnErrorNotAnException) {
  ASSERT_NE(loaded(), nullptr);
  FakeHost host;
  FilterDriver filter(host, loaded(), "firewall");
  std::string error;
  EXPECT_EQ(filter.configure(R"({"rules": [{"name": "t", "action": "deny", "match": {"time": {"windows": ["9-5"]}}}]})",
                             &error),
            SMPPD_E_CONFIG);
  EXPECT_NE(error.find("rules[0] (\"t\").match.time.windows[0]"), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::firewall
