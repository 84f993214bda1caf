#include "plugins/lb/lb_builtin/least_request_policy.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "tests/plugins/lb/lb_builtin/candidates.h"

namespace smppd::plugins::lb_builtin {
namespace {

using testing::idle_bind;
using testing::idle_endpoints;
using testing::lb_candidate;
using testing::OlderHostCandidates;
using testing::view_of;

// lb_candidate(endpoint_id, weight, in_flight, window, same_worker)

cxx::LbCandidate loaded(uint64_t endpoint_id, uint32_t in_flight, uint32_t window) {
  return cxx::LbCandidate::from(lb_candidate(endpoint_id, 1, in_flight, window));
}

TEST(LeastRequestPolicyTest, PicksTheLowestInFlightToWindowRatio) {
  LeastRequestPolicy policy(LbConfig{false, {}}, 0);
  const std::vector<smppd_lb_candidate> candidates = {
      lb_candidate(1, 1, 5, 10),   // 0.5
      lb_candidate(2, 1, 1, 10),   // 0.1
      lb_candidate(3, 1, 3, 100),  // 0.03: more in flight, but the largest window
      lb_candidate(4, 1, 9, 10)};  // 0.9
  for (int i = 0; i < 5; ++i) EXPECT_EQ(policy.pick(view_of(candidates)), 2);
}

TEST(LeastRequestPolicyTest, ComparesRatiosExactly) {
  // 1/3 and 2/6 are the same load; 333/1000 is less.
  EXPECT_FALSE(LeastRequestPolicy::less_loaded(loaded(1, 1, 3), loaded(2, 2, 6)));
  EXPECT_FALSE(LeastRequestPolicy::less_loaded(loaded(2, 2, 6), loaded(1, 1, 3)));
  EXPECT_TRUE(LeastRequestPolicy::less_loaded(loaded(3, 333, 1000), loaded(1, 1, 3)));
  // The largest values do not overflow.
  EXPECT_TRUE(LeastRequestPolicy::less_loaded(loaded(1, 0xFFFFFFFE, 0xFFFFFFFF),
                                              loaded(2, 0xFFFFFFFF, 0xFFFFFFFF)));
  // A window of 0 counts as 1, not as a division by zero that ties with everything.
  EXPECT_TRUE(LeastRequestPolicy::less_loaded(loaded(1, 0, 10), loaded(2, 1, 0)));
}

TEST(LeastRequestPolicyTest, BreaksTiesRoundRobin) {
  LeastRequestPolicy policy(LbConfig{false, {}}, 0);
  const auto idle = idle_endpoints({1, 2, 3});
  std::map<int32_t, int> picks;
  std::vector<int32_t> first_three;
  for (int i = 0; i < 300; ++i) {
    const int32_t index = policy.pick(view_of(idle));
    if (i < 3) first_three.push_back(index);
    ++picks[index];
  }
  EXPECT_EQ(first_three, (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(picks, (std::map<int32_t, int>{{0, 100}, {1, 100}, {2, 100}}));

  // Only the tied least loaded take turns.
  const std::vector<smppd_lb_candidate> two_tied = {lb_candidate(1, 1, 1, 10), lb_candidate(2, 1, 5, 10),
                                                    lb_candidate(3, 1, 2, 20)};
  picks.clear();
  for (int i = 0; i < 10; ++i) ++picks[policy.pick(view_of(two_tied))];
  EXPECT_EQ(picks, (std::map<int32_t, int>{{0, 5}, {2, 5}}));
}

TEST(LeastRequestPolicyTest, RotatesTiesByBindIdWhileBindsComeAndGo) {
  LeastRequestPolicy policy(LbConfig{false, {}}, 0);
  const std::vector<smppd_lb_candidate> all = {idle_bind(7, 71), idle_bind(7, 72), idle_bind(9, 91)};
  EXPECT_EQ(policy.pick(view_of(all)), 0);  // 71
  // 71 leaves (its window filled): 72 is next among the tied, not skipped for having moved up.
  const std::vector<smppd_lb_candidate> without_71 = {idle_bind(7, 72), idle_bind(9, 91)};
  EXPECT_EQ(policy.pick(view_of(without_71)), 0);  // 72
  EXPECT_EQ(policy.pick(view_of(all)), 2);         // 91
  EXPECT_EQ(policy.pick(view_of(all)), 0);         // 71: wraps
}

TEST(LeastRequestPolicyTest, RotatesTiesByEndpointPositionOnAHostWithoutBindIds) {
  LeastRequestPolicy policy(LbConfig{false, {}}, 0);
  // The same bind_id everywhere: were it read, the two binds of endpoint 7 would be one.
  const OlderHostCandidates idle(std::vector<smppd_lb_candidate>{idle_bind(7, 5), idle_bind(7, 5), idle_bind(9, 5)});
  std::vector<int32_t> order;
  for (int i = 0; i < 6; ++i) order.push_back(policy.pick(idle.view()));
  EXPECT_EQ(order, (std::vector<int32_t>{0, 1, 2, 0, 1, 2}));
  // The load still decides first.
  const OlderHostCandidates loaded(std::vector<smppd_lb_candidate>{lb_candidate(7, 1, 3, 10), lb_candidate(9, 1, 1, 10)});
  EXPECT_EQ(policy.pick(loaded.view()), 1);
}

TEST(LeastRequestPolicyTest, FollowsTheLoadAsItChanges) {
  LeastRequestPolicy policy(LbConfig{false, {}}, 0);
  std::vector<smppd_lb_candidate> candidates = idle_endpoints({1, 2});
  // Simulate a host that counts each pick as one more in flight on that bind.
  std::map<int32_t, int> picks;
  for (int i = 0; i < 20; ++i) {
    const int32_t index = policy.pick(view_of(candidates));
    ASSERT_GE(index, 0);
    ++candidates[static_cast<size_t>(index)].in_flight;
    ++picks[index];
  }
  EXPECT_EQ(picks, (std::map<int32_t, int>{{0, 10}, {1, 10}}));
}

TEST(LeastRequestPolicyTest, PrefersTheCallingWorkersBindsOnlyWhenAsked) {
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 1, 0, 10, false),
                                                      lb_candidate(2, 1, 5, 10, true)};
  LeastRequestPolicy preferring(LbConfig{true, std::nullopt}, 0);
  EXPECT_EQ(preferring.pick(view_of(candidates)), 1);  // busier, but on this worker
  LeastRequestPolicy plain(LbConfig{false, {}}, 0);
  EXPECT_EQ(plain.pick(view_of(candidates)), 0);
}

}  // namespace
}  // namespace smppd::plugins::lb_builtin
