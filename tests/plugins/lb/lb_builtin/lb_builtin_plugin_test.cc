// The three policies through the C ABI on the fake host: the factories as smppd finds them,
// per-worker instances, configs refused as errors, and candidate arrays walked by the host's
// stride.
#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fake_host.h"
#include "smppd/plugin.h"

namespace smppd::plugins::lb_builtin {
namespace {

using smppd::testing::FakeHost;
using smppd::testing::lb_candidate;
using smppd::testing::LbDriver;

const smppd_plugin_descriptor* descriptor() { return smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR); }

TEST(LbBuiltinPluginTest, OffersThreePoliciesWithSchemas) {
  const smppd_plugin_descriptor* plugin = descriptor();
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->name, "lb_builtin");
  ASSERT_EQ(plugin->factory_count, 3u);
  for (const char* name : {"round_robin", "least_request", "weighted_random"}) {
    const smppd_factory* factory = smppd::testing::find_factory(plugin, SMPPD_KIND_LB_POLICY, name);
    ASSERT_NE(factory, nullptr) << name;
    EXPECT_NE(factory->config_schema, nullptr) << name;
    const auto* table = static_cast<const smppd_lb_vtable*>(factory->vtable);
    EXPECT_EQ(table->struct_size, sizeof(smppd_lb_vtable));
  }
}

TEST(LbBuiltinPluginTest, RoundRobinRotatesPerWorker) {
  FakeHost host;
  LbDriver driver(host, descriptor(), "round_robin");
  ASSERT_EQ(driver.configure("{}"), SMPPD_OK);
  auto first = driver.open_worker(0);
  auto second = driver.open_worker(1);
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1), lb_candidate(2), lb_candidate(3)};
  std::vector<int32_t> picks;
  for (int i = 0; i < 4; ++i) picks.push_back(first.pick(candidates));
  EXPECT_EQ(picks, (std::vector<int32_t>{0, 1, 2, 0}));
  EXPECT_EQ(second.pick(candidates), 1);  // its own cursor, started elsewhere
  EXPECT_EQ(first.pick(candidates), 1);
}

TEST(LbBuiltinPluginTest, WalksCandidatesByTheHostsStride) {
  FakeHost host;
  for (const char* name : {"round_robin", "least_request", "weighted_random"}) {
    LbDriver driver(host, descriptor(), name);
    ASSERT_EQ(driver.configure(R"({"prefer_same_worker": true})"), SMPPD_OK) << name;
    driver.set_candidate_stride(sizeof(smppd_lb_candidate) + 40);  // a newer host's longer entries
    auto worker = driver.open_worker(0);
    // Only index 2 is on this worker: reading by sizeof instead of the stride would find junk.
    const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 1, 0, 10, false), lb_candidate(2, 1, 0, 10, false),
                                                        lb_candidate(3, 1, 0, 10, true)};
    for (int i = 0; i < 5; ++i) EXPECT_EQ(worker.pick(candidates), 2) << name;
  }
}

TEST(LbBuiltinPluginTest, RoundRobinNamesBindsByTheirIds) {
  FakeHost host;
  LbDriver driver(host, descriptor(), "round_robin");
  ASSERT_EQ(driver.configure("{}"), SMPPD_OK);
  auto worker = driver.open_worker(0);
  // Endpoint 7 has two binds; the first one picked then leaves, and the other still gets its turn.
  EXPECT_EQ(worker.pick(std::vector<smppd_lb_candidate>{lb_candidate(7, 1, 0, 10, false, 700),
                                                        lb_candidate(7, 1, 0, 10, false, 701),
                                                        lb_candidate(9, 1, 0, 10, false, 900)}),
            0);
  EXPECT_EQ(worker.pick(std::vector<smppd_lb_candidate>{lb_candidate(7, 1, 0, 10, false, 701),
                                                        lb_candidate(9, 1, 0, 10, false, 900)}),
            0);
}

TEST(LbBuiltinPluginTest, EachPolicyWorksWithAHostBuiltBeforeBindId) {
  FakeHost host;
  for (const char* name : {"round_robin", "least_request", "weighted_random"}) {
    LbDriver driver(host, descriptor(), name);
    ASSERT_EQ(driver.configure("{}"), SMPPD_OK) << name;
    driver.set_candidate_stride(static_cast<uint32_t>(offsetof(smppd_lb_candidate, bind_id)));  // ends before bind_id
    auto worker = driver.open_worker(0);
    // The same bind_id on all three: a policy reading it would take the two binds of 7 for one
    // (and read past the array's end, which ASan reports).
    const std::vector<smppd_lb_candidate> candidates = {lb_candidate(7, 1, 0, 10, false, 5),
                                                        lb_candidate(7, 1, 0, 10, false, 5),
                                                        lb_candidate(9, 1, 0, 10, false, 5)};
    std::vector<int32_t> order;
    for (int i = 0; i < 6; ++i) order.push_back(worker.pick(candidates));
    if (std::string_view(name) == "weighted_random") {
      for (const int32_t index : order) EXPECT_TRUE(index >= 0 && index < 3) << name;
    } else {
      EXPECT_EQ(order, (std::vector<int32_t>{0, 1, 2, 0, 1, 2})) << name;
    }
  }
  EXPECT_EQ(host.log_count(SMPPD_LOG_ERROR), 0u);
}

TEST(LbBuiltinPluginTest, LeastRequestAndWeightedRandomChooseThroughTheAbi) {
  FakeHost host;
  LbDriver least(host, descriptor(), "least_request");
  ASSERT_EQ(least.configure("{}"), SMPPD_OK);
  auto least_worker = least.open_worker(0);
  EXPECT_EQ(least_worker.pick(std::vector<smppd_lb_candidate>{lb_candidate(1, 1, 4, 10), lb_candidate(2, 1, 1, 10)}), 1);

  LbDriver weighted(host, descriptor(), "weighted_random");
  ASSERT_EQ(weighted.configure(R"({"seed": 3})"), SMPPD_OK);
  auto weighted_worker = weighted.open_worker(0);
  std::map<int32_t, int> picks;
  for (int i = 0; i < 20000; ++i) ++picks[weighted_worker.pick(std::vector<smppd_lb_candidate>{lb_candidate(1, 3), lb_candidate(2, 1)})];
  EXPECT_NEAR(picks[0] / 20000.0, 0.75, 0.02);
  EXPECT_NEAR(picks[1] / 20000.0, 0.25, 0.02);
}

TEST(LbBuiltinPluginTest, RefusesABadConfigWithItsReason) {
  FakeHost host;
  LbDriver driver(host, descriptor(), "round_robin");
  std::string error;
  EXPECT_EQ(driver.configure(R"({"seed": 1})", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("seed: is not a key"), std::string::npos) << error;
  EXPECT_EQ(driver.config(), nullptr);
}

TEST(LbBuiltinPluginTest, RefusesWhatNoHostShouldSend) {
  FakeHost host;
  LbDriver driver(host, descriptor(), "round_robin");
  ASSERT_EQ(driver.configure("{}"), SMPPD_OK);
  auto worker = driver.open_worker(0);
  EXPECT_EQ(worker.pick({}), -1);  // the ABI promises never empty
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "no candidates"));
}

}  // namespace
}  // namespace smppd::plugins::lb_builtin
