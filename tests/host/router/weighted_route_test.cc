#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "host/router/router.h"
#include "tests/host/router/router_test_config.h"

namespace smppd::router {
namespace {

using testing::kMockClusters;
using testing::load_test_config;

// Weights 70/20/10 out of 100, and one cluster of weight 0 that must never be picked.
constexpr std::string_view kWeighted = R"(
[[clusters]]
name = "drained"
upstream = "mock"

[[routes]]
name = "split"
weighted_clusters = [
  { cluster = "smsc-a", weight = 70 },
  { cluster = "drained", weight = 0 },
  { cluster = "smsc-b", weight = 20 },
  { cluster = "smsc-c", weight = 10 },
]
)";

class WeightedRoute : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> errors;
    router_ = build_router(load_test_config(std::string(kMockClusters) + std::string(kWeighted)), errors, stats_);
    ASSERT_THAT(errors, ::testing::IsEmpty());
    ASSERT_NE(router_, nullptr);
    request_.destination_addr = "447700900123";
  }

  // Share of each cluster over `picks` decisions.
  template <typename Route>
  std::map<std::string, double> shares(int picks, Route route) const {
    std::map<std::string, int> counts;
    for (int i = 0; i < picks; ++i) {
      const RouteDecision decision = route();
      EXPECT_EQ(decision.outcome, RouteOutcome::to_cluster);
      ++counts[std::string(decision.cluster_name)];
    }
    std::map<std::string, double> result;
    for (const auto& [cluster, count] : counts) result[cluster] = static_cast<double>(count) / picks;
    return result;
  }

  stats::StatsStore stats_;
  std::shared_ptr<const Router> router_;
  codec::Pdu request_;
};

// The caller's number lands in [0, 100) by the weights' running sums: a below 70, b below 90.
TEST_F(WeightedRoute, CallerRandomPicksByRunningSum) {
  const std::vector<std::pair<uint64_t, std::string>> cases = {
      {0, "smsc-a"},  {69, "smsc-a"}, {70, "smsc-b"},  {89, "smsc-b"},
      {90, "smsc-c"}, {99, "smsc-c"}, {100, "smsc-a"}, {UINT64_MAX, "smsc-a"},  // 2^64-1 mod 100 = 15
  };
  for (const auto& [random, cluster] : cases) {
    const RouteDecision decision = router_->route(RouteInput{request_, "client"}, random);
    EXPECT_EQ(decision.cluster_name, cluster) << random;
    EXPECT_EQ(router_->cluster_names()[decision.cluster_index], cluster);
  }
}

// 200,000 picks: the standard deviation of a share is below 0.0011, so 0.01 is over 9 of them.
TEST_F(WeightedRoute, DistributionFollowsTheWeightsWithCallerRandom) {
  std::mt19937_64 generator(20240601);
  const auto result = shares(200'000, [&] { return router_->route(RouteInput{request_, "client"}, generator()); });
  EXPECT_THAT(result, ::testing::ElementsAre(::testing::Pair("smsc-a", ::testing::DoubleNear(0.70, 0.01)),
                                             ::testing::Pair("smsc-b", ::testing::DoubleNear(0.20, 0.01)),
                                             ::testing::Pair("smsc-c", ::testing::DoubleNear(0.10, 0.01))));
}

TEST_F(WeightedRoute, DistributionFollowsTheWeightsWithThreadRandom) {
  const auto result = shares(200'000, [&] { return router_->route(RouteInput{request_, "client"}); });
  EXPECT_THAT(result, ::testing::ElementsAre(::testing::Pair("smsc-a", ::testing::DoubleNear(0.70, 0.01)),
                                             ::testing::Pair("smsc-b", ::testing::DoubleNear(0.20, 0.01)),
                                             ::testing::Pair("smsc-c", ::testing::DoubleNear(0.10, 0.01))));
  EXPECT_EQ(stats_.find("smppd.route.split.match")->get(), 200'000);
}

}  // namespace
}  // namespace smppd::router
