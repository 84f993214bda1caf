#include "plugins/lb/lb_builtin/weighted_random_policy.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "tests/plugins/lb/lb_builtin/candidates.h"

namespace smppd::plugins::lb_builtin {
namespace {

using testing::lb_candidate;
using testing::view_of;

LbConfig seeded(uint64_t seed, bool prefer_same_worker = false) { return LbConfig{prefer_same_worker, seed}; }

std::map<int32_t, int> count_picks(WeightedRandomPolicy& policy, const std::vector<smppd_lb_candidate>& candidates,
                                   int rounds) {
  std::map<int32_t, int> picks;
  for (int i = 0; i < rounds; ++i) ++picks[policy.pick(view_of(candidates))];
  return picks;
}

TEST(WeightedRandomPolicyTest, SplitsByWeightWithinTolerance) {
  WeightedRandomPolicy policy(seeded(42), 0);
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 1), lb_candidate(2, 2), lb_candidate(3, 7)};
  constexpr int kRounds = 100000;
  const auto picks = count_picks(policy, candidates, kRounds);
  ASSERT_EQ(picks.count(-1), 0u);
  // Expected 10%, 20%, 70%; one point is more than 7 standard deviations at this count.
  EXPECT_NEAR(picks.at(0) / double(kRounds), 0.10, 0.01);
  EXPECT_NEAR(picks.at(1) / double(kRounds), 0.20, 0.01);
  EXPECT_NEAR(picks.at(2) / double(kRounds), 0.70, 0.01);
}

TEST(WeightedRandomPolicyTest, NeverPicksAWeightOfZeroBesideOthers) {
  WeightedRandomPolicy policy(seeded(7), 0);
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 0), lb_candidate(2, 3), lb_candidate(3, 0)};
  EXPECT_EQ(count_picks(policy, candidates, 1000), (std::map<int32_t, int>{{1, 1000}}));
}

TEST(WeightedRandomPolicyTest, IsUniformWhenEveryWeightIsZero) {
  WeightedRandomPolicy policy(seeded(7), 0);
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 0), lb_candidate(2, 0)};
  const auto picks = count_picks(policy, candidates, 10000);
  EXPECT_NEAR(picks.at(0) / 10000.0, 0.5, 0.03);
  EXPECT_NEAR(picks.at(1) / 10000.0, 0.5, 0.03);
}

TEST(WeightedRandomPolicyTest, ASeedMakesItReproducibleAndWorkersDiffer) {
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 1), lb_candidate(2, 1), lb_candidate(3, 1),
                                                      lb_candidate(4, 1)};
  auto sequence = [&](uint64_t seed, int32_t worker) {
    WeightedRandomPolicy policy(seeded(seed), worker);
    std::vector<int32_t> picks;
    for (int i = 0; i < 64; ++i) picks.push_back(policy.pick(view_of(candidates)));
    return picks;
  };
  EXPECT_EQ(sequence(5, 0), sequence(5, 0));
  EXPECT_NE(sequence(5, 0), sequence(5, 1));
  EXPECT_NE(sequence(5, 0), sequence(6, 0));
}

TEST(WeightedRandomPolicyTest, PrefersTheCallingWorkersBindsOnlyWhenAsked) {
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 100, 0, 10, false),
                                                      lb_candidate(2, 1, 0, 10, true)};
  WeightedRandomPolicy preferring(seeded(1, true), 0);
  EXPECT_EQ(count_picks(preferring, candidates, 100), (std::map<int32_t, int>{{1, 100}}));
  WeightedRandomPolicy plain(seeded(1), 0);
  EXPECT_GT(count_picks(plain, candidates, 1000).at(0), 900);
}

TEST(WeightedRandomPolicyTest, RefusesAnEmptySet) {
  WeightedRandomPolicy policy(seeded(1), 0);
  EXPECT_EQ(policy.pick(view_of({})), -1);
}

}  // namespace
}  // namespace smppd::plugins::lb_builtin
