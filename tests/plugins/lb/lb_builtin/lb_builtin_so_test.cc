// The built libsmppd_lb_builtin.so as smppd loads it: dlopen, the entry symbol, the manifest
// beside it, and picks driven through the C ABI on the fake host.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "fake_host.h"
#include "tests/plugins/loaded_plugin.h"

namespace smppd::plugins::lb_builtin {
namespace {

using smppd::testing::FakeHost;
using smppd::testing::lb_candidate;
using smppd::testing::LbDriver;

const smppd_plugin_descriptor* loaded() {
  static const smppd_plugin_descriptor* descriptor = [] {
    std::string error;
    const smppd_plugin_descriptor* found = smppd::testing::load_plugin(SMPPD_LB_BUILTIN_SO, &error);
    if (found == nullptr) ADD_FAILURE() << error;
    return found;
  }();
  return descriptor;
}

TEST(LbBuiltinSharedObjectTest, AgreesWithItsManifest) {
  ASSERT_NE(loaded(), nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_LB_BUILTIN_MANIFEST, SMPPD_LB_BUILTIN_SO, *loaded()),
            std::vector<std::string>{});
}

TEST(LbBuiltinSharedObjectTest, EachPolicyPicksThroughTheCAbi) {
  ASSERT_NE(loaded(), nullptr);
  FakeHost host;
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 1, 2, 10), lb_candidate(2, 1, 0, 10)};
  {
    LbDriver driver(host, loaded(), "round_robin");
    ASSERT_EQ(driver.configure("{}"), SMPPD_OK);
    auto worker = driver.open_worker(0);
    EXPECT_EQ(worker.pick(candidates), 0);
    EXPECT_EQ(worker.pick(candidates), 1);
  }
  {
    LbDriver driver(host, loaded(), "least_request");
    ASSERT_EQ(driver.configure("{}"), SMPPD_OK);
    auto worker = driver.open_worker(0);
    EXPECT_EQ(worker.pick(candidates), 1);
  }
  {
    LbDriver driver(host, loaded(), "weighted_random");
    ASSERT_EQ(driver.configure(R"({"seed": 11})"), SMPPD_OK);
    auto worker = driver.open_worker(2);
    std::map<int32_t, int> picks;
    for (int i = 0; i < 1000; ++i) ++picks[worker.pick(candidates)];
    EXPECT_EQ(picks.count(-1), 0u);
    EXPECT_GT(picks[0], 400);
    EXPECT_GT(picks[1], 400);
  }
  std::string error;
  LbDriver refusing(host, loaded(), "least_request");
  EXPECT_EQ(refusing.configure(R"({"prefer_same_worker": 1})", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("prefer_same_worker"), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::lb_builtin
