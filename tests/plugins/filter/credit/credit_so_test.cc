// The built plugin as smppd loads it: dlopen, the entry symbol, the manifest beside it, and a
// charge, a refund and an admin read driven through the C ABI on the fake host.
#include <gtest/gtest.h>

#include <string>

#include "tests/plugins/filter/credit/credit_test_support.h"
#include "tests/plugins/loaded_plugin.h"

namespace smppd::plugins::credit::testing {
namespace {

// Loaded once for the test binary and never unloaded (smppd never dlcloses either).
const smppd_plugin_descriptor* loaded_descriptor() {
  static const smppd_plugin_descriptor* descriptor = [] {
    std::string error;
    const smppd_plugin_descriptor* loaded = smppd::testing::load_plugin(SMPPD_CREDIT_SO, &error);
    if (loaded == nullptr) ADD_FAILURE() << error;
    return loaded;
  }();
  return descriptor;
}

TEST(CreditSharedObjectTest, AgreesWithItsManifest) {
  const smppd_plugin_descriptor* descriptor = loaded_descriptor();
  ASSERT_NE(descriptor, nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_CREDIT_MANIFEST, SMPPD_CREDIT_SO, *descriptor),
            std::vector<std::string>{});
  ASSERT_EQ(descriptor->factory_count, 1u);
  EXPECT_EQ(descriptor->factories[0].kind, SMPPD_KIND_FILTER);
  EXPECT_STREQ(descriptor->factories[0].name, "credit");
  EXPECT_NE(descriptor->factories[0].config_schema, nullptr);
}

class CreditThroughTheLibraryTest : public CreditTest {
 protected:
  CreditThroughTheLibraryTest() : CreditTest(loaded_descriptor()) {}
};

TEST_F(CreditThroughTheLibraryTest, ChargesRefundsAndAnswersItsAdminPaths) {
  configure(R"({"default_price": 7})");
  set_balance("acme", 100);
  Request& kept = submit(std::string(200, 'a'));
  ASSERT_EQ(kept.outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(balance("acme"), 86);
  ASSERT_TRUE(respond(kept, 0));
  Request& failed = submit();
  ASSERT_TRUE(respond(failed, 0x0B));
  settle();
  EXPECT_EQ(balance("acme"), 86);
  EXPECT_EQ(counter("committed"), 1u);
  EXPECT_EQ(counter("refunded"), 1u);

  const auto answer = host_.admin().get("/plugins/credit/balance?account=acme");
  EXPECT_EQ(answer.status, 200u);
  EXPECT_NE(answer.body.find("\"balance\":86"), std::string::npos) << answer.body;
}

TEST_F(CreditThroughTheLibraryTest, ARefusedConfigCrossesTheAbiAsAnError) {
  std::string error;
  EXPECT_EQ(filter_.configure(R"({"prices": {"+49": 1}})", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("prices.\"+49\""), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::credit::testing
