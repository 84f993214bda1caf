// The built libsmppd_enquire_link.so as smppd loads it: dlopen, the entry symbol, the manifest
// beside it, and a probe driven through the C ABI on the fake host.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "fake_host.h"
#include "tests/plugins/loaded_plugin.h"

namespace smppd::plugins::enquire_link {
namespace {

using namespace std::chrono_literals;
using smppd::testing::FakeEndpoint;
using smppd::testing::FakeHost;
using smppd::testing::HealthDriver;
using smppd::testing::ProbeAnswer;

const smppd_plugin_descriptor* loaded() {
  static const smppd_plugin_descriptor* descriptor = [] {
    std::string error;
    const smppd_plugin_descriptor* found = smppd::testing::load_plugin(SMPPD_ENQUIRE_LINK_SO, &error);
    if (found == nullptr) ADD_FAILURE() << error;
    return found;
  }();
  return descriptor;
}

TEST(EnquireLinkSharedObjectTest, AgreesWithItsManifest) {
  ASSERT_NE(loaded(), nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_ENQUIRE_LINK_MANIFEST, SMPPD_ENQUIRE_LINK_SO, *loaded()),
            std::vector<std::string>{});
}

TEST(EnquireLinkSharedObjectTest, ProbesThroughTheCAbi) {
  ASSERT_NE(loaded(), nullptr);
  FakeHost host;
  HealthDriver checker(host, loaded(), "enquire_link");
  ASSERT_EQ(checker.configure("{}"), SMPPD_OK);
  const FakeEndpoint endpoint{9, "smsc", "smsc-b", "::1", 2776};
  host.script_probe(9, ProbeAnswer{SMPPD_OK, SMPPD_CONTINUE, 10ms});
  EXPECT_EQ(checker.check_and_wait(endpoint, 500ms).verdict, SMPPD_CONTINUE);
  host.forget_probe(9);
  EXPECT_EQ(checker.check(endpoint).verdict, SMPPD_STOP);
  EXPECT_EQ(host.probes().size(), 2u);
}

}  // namespace
}  // namespace smppd::plugins::enquire_link
