#include "plugins/lb/lb_builtin/round_robin_policy.h"

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

uint64_t endpoint_picked(RoundRobinPolicy& policy, const std::vector<smppd_lb_candidate>& candidates) {
  const int32_t index = policy.pick(view_of(candidates));
  EXPECT_GE(index, 0);
  return index < 0 ? 0 : candidates[static_cast<size_t>(index)].endpoint_id;
}

TEST(RoundRobinPolicyTest, GivesEveryBindTheSameShare) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  const auto candidates = idle_endpoints({11, 12, 13});
  std::map<uint64_t, int> picks;
  for (int i = 0; i < 3000; ++i) ++picks[endpoint_picked(policy, candidates)];
  EXPECT_EQ(picks, (std::map<uint64_t, int>{{11, 1000}, {12, 1000}, {13, 1000}}));
}

TEST(RoundRobinPolicyTest, RotatesInEndpointOrderWhateverTheArrayOrder) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  const auto forward = idle_endpoints({1, 2, 3});
  const auto backward = idle_endpoints({3, 2, 1});
  EXPECT_EQ(endpoint_picked(policy, forward), 1u);
  EXPECT_EQ(endpoint_picked(policy, backward), 2u);  // index 1 here, and 2 comes after 1
  EXPECT_EQ(endpoint_picked(policy, backward), 3u);
  EXPECT_EQ(endpoint_picked(policy, forward), 1u);  // wraps
}

TEST(RoundRobinPolicyTest, KeepsItsPlaceWhenABindLeavesOrJoins) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  const auto all = idle_endpoints({1, 2, 3, 4});
  EXPECT_EQ(endpoint_picked(policy, all), 1u);
  EXPECT_EQ(endpoint_picked(policy, all), 2u);
  // 2's window filled: an index cursor (now at 2) would skip 3 and send to 4.
  const auto without_two = idle_endpoints({1, 3, 4});
  EXPECT_EQ(endpoint_picked(policy, without_two), 3u);
  // 2 is back: its turn comes again only after 4, and no bind goes twice.
  EXPECT_EQ(endpoint_picked(policy, all), 4u);
  EXPECT_EQ(endpoint_picked(policy, all), 1u);
  EXPECT_EQ(endpoint_picked(policy, all), 2u);
  // The last picked leaves: the next one after it still comes next.
  const auto without_three = idle_endpoints({1, 2, 4});
  EXPECT_EQ(endpoint_picked(policy, without_three), 4u);
}

TEST(RoundRobinPolicyTest, StaysFairWhileTheSetChangesEveryPick) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  const auto all = idle_endpoints({1, 2, 3, 4});
  const auto some = idle_endpoints({2, 4});
  std::map<uint64_t, int> picks;
  for (int i = 0; i < 4000; ++i) ++picks[endpoint_picked(policy, i % 4 == 3 ? some : all)];
  // No bind is starved or favoured beyond what the set's changes explain.
  for (const auto& [endpoint, count] : picks) {
    EXPECT_GT(count, 800) << "endpoint " << endpoint;
    EXPECT_LT(count, 1200) << "endpoint " << endpoint;
  }
}

TEST(RoundRobinPolicyTest, TellsApartTheBindsOfOneEndpoint) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  const std::vector<smppd_lb_candidate> candidates = {idle_bind(7, 70), idle_bind(7, 71), idle_bind(9, 90)};
  std::vector<int32_t> order;
  for (int i = 0; i < 6; ++i) order.push_back(policy.pick(view_of(candidates)));
  EXPECT_EQ(order, (std::vector<int32_t>{0, 1, 2, 0, 1, 2}));
}

uint64_t bind_picked(RoundRobinPolicy& policy, const std::vector<smppd_lb_candidate>& candidates) {
  const int32_t index = policy.pick(view_of(candidates));
  EXPECT_GE(index, 0);
  return index < 0 ? 0 : candidates[static_cast<size_t>(index)].bind_id;
}

TEST(RoundRobinPolicyTest, RotatesInBindIdOrderWhateverTheEndpoints) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  // The host's array groups nothing: binds of one endpoint may lie anywhere in it.
  const std::vector<smppd_lb_candidate> candidates = {idle_bind(7, 5), idle_bind(8, 9), idle_bind(7, 6)};
  std::vector<uint64_t> order;
  for (int i = 0; i < 6; ++i) order.push_back(bind_picked(policy, candidates));
  EXPECT_EQ(order, (std::vector<uint64_t>{5, 6, 9, 5, 6, 9}));
}

TEST(RoundRobinPolicyTest, KeepsItsPlaceWhenABindOfTheSameEndpointLeavesOrJoins) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  const std::vector<smppd_lb_candidate> all = {idle_bind(7, 71), idle_bind(7, 72), idle_bind(7, 73), idle_bind(9, 91)};
  EXPECT_EQ(bind_picked(policy, all), 71u);
  // 71 leaves: 72, the next bind of the same endpoint, still comes next. A cursor naming binds by
  // their place among the endpoint's would now find 73 at 72's place and skip 72.
  const std::vector<smppd_lb_candidate> without_71 = {idle_bind(7, 72), idle_bind(7, 73), idle_bind(9, 91)};
  EXPECT_EQ(bind_picked(policy, without_71), 72u);
  // 71 reconnects as a new bind, 74, placed first in the array: it shifts nobody's turn.
  const std::vector<smppd_lb_candidate> rebound = {idle_bind(7, 74), idle_bind(7, 72), idle_bind(7, 73),
                                                   idle_bind(9, 91)};
  EXPECT_EQ(bind_picked(policy, rebound), 73u);
  EXPECT_EQ(bind_picked(policy, rebound), 74u);
  EXPECT_EQ(bind_picked(policy, rebound), 91u);
  EXPECT_EQ(bind_picked(policy, rebound), 72u);  // wraps
  // The last picked leaves: the one after it still comes next.
  const std::vector<smppd_lb_candidate> without_72 = {idle_bind(7, 74), idle_bind(7, 73), idle_bind(9, 91)};
  EXPECT_EQ(bind_picked(policy, without_72), 73u);
}

TEST(RoundRobinPolicyTest, FallsBackToEndpointPositionsOnAHostWithoutBindIds) {
  // Entries end before bind_id; the ids written here never reach the policy (reading them would
  // overflow the array under ASan).
  const std::vector<smppd_lb_candidate> binds = {idle_bind(7, 1), idle_bind(7, 1), idle_bind(9, 1)};
  const OlderHostCandidates older(binds);
  ASSERT_FALSE(older.view().has_bind_id());
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  std::vector<int32_t> order;
  for (int i = 0; i < 6; ++i) order.push_back(policy.pick(older.view()));
  EXPECT_EQ(order, (std::vector<int32_t>{0, 1, 2, 0, 1, 2}));

  // Across endpoints it keeps its place as before: 2's window fills, then 2 is back.
  RoundRobinPolicy across(LbConfig{false, {}}, 0);
  const OlderHostCandidates all(idle_endpoints({1, 2, 3, 4}));
  const OlderHostCandidates without_two(idle_endpoints({1, 3, 4}));
  EXPECT_EQ(across.pick(all.view()), 0);          // 1
  EXPECT_EQ(across.pick(all.view()), 1);          // 2
  EXPECT_EQ(across.pick(without_two.view()), 1);  // 3
  EXPECT_EQ(across.pick(all.view()), 3);          // 4

  // Its limit, which bind_id removes: within one endpoint a bind is named by its place, so when
  // the first of three leaves after its turn the second takes its place and loses its turn.
  RoundRobinPolicy within(LbConfig{false, {}}, 0);
  const OlderHostCandidates three(std::vector<smppd_lb_candidate>{idle_bind(7, 71), idle_bind(7, 72), idle_bind(7, 73)});
  const OlderHostCandidates two(std::vector<smppd_lb_candidate>{idle_bind(7, 72), idle_bind(7, 73)});
  EXPECT_EQ(within.pick(three.view()), 0);  // 71, the endpoint's first
  EXPECT_EQ(within.pick(two.view()), 1);    // the endpoint's second: 73, not 72
}

TEST(RoundRobinPolicyTest, WorkersStartAtDifferentBinds) {
  const auto candidates = idle_endpoints({1, 2, 3});
  RoundRobinPolicy first(LbConfig{false, {}}, 0);
  RoundRobinPolicy second(LbConfig{false, {}}, 1);
  RoundRobinPolicy fourth(LbConfig{false, {}}, 3);
  EXPECT_EQ(first.pick(view_of(candidates)), 0);
  EXPECT_EQ(second.pick(view_of(candidates)), 1);
  EXPECT_EQ(fourth.pick(view_of(candidates)), 0);
}

TEST(RoundRobinPolicyTest, PrefersTheCallingWorkersBindsOnlyWhenAsked) {
  const std::vector<smppd_lb_candidate> mixed = {lb_candidate(1, 1, 0, 10, true), lb_candidate(2),
                                                 lb_candidate(3, 1, 0, 10, true)};
  RoundRobinPolicy preferring(LbConfig{true, std::nullopt}, 0);
  std::map<uint64_t, int> picks;
  for (int i = 0; i < 10; ++i) ++picks[endpoint_picked(preferring, mixed)];
  EXPECT_EQ(picks, (std::map<uint64_t, int>{{1, 5}, {3, 5}}));

  RoundRobinPolicy plain(LbConfig{false, {}}, 0);
  picks.clear();
  for (int i = 0; i < 9; ++i) ++picks[endpoint_picked(plain, mixed)];
  EXPECT_EQ(picks, (std::map<uint64_t, int>{{1, 3}, {2, 3}, {3, 3}}));

  // No bind on this worker: all of them.
  const auto elsewhere = idle_endpoints({4, 5});
  picks.clear();
  for (int i = 0; i < 4; ++i) ++picks[endpoint_picked(preferring, elsewhere)];
  EXPECT_EQ(picks, (std::map<uint64_t, int>{{4, 2}, {5, 2}}));
}

TEST(RoundRobinPolicyTest, RefusesAnEmptySet) {
  RoundRobinPolicy policy(LbConfig{false, {}}, 0);
  const std::vector<smppd_lb_candidate> none;
  EXPECT_EQ(policy.pick(view_of(none)), -1);
}

}  // namespace
}  // namespace smppd::plugins::lb_builtin
