#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "host/router/router.h"
#include "tests/host/router/router_test_config.h"

namespace smppd::router {
namespace {

using testing::cluster_named;

constexpr size_t kRoutes = 10'000;

std::string random_digits(std::mt19937& generator, size_t length) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string digits;
  for (size_t i = 0; i < length; ++i) digits += static_cast<char>('0' + digit(generator));
  return digits;
}

// 10,000 routes as a big operator config has them: mostly destination prefixes of 1 to 7 digits
// (many sharing leading digits, some listed by several routes), some narrowed by client or
// service_type, and every hundredth without a prefix, so the unconditioned list is exercised too.
config::Config big_config() {
  std::mt19937 generator(7);
  std::uniform_int_distribution<size_t> length(1, 7);
  config::Config config;
  config.source_file = "big.toml";
  config.clusters.push_back(cluster_named("smsc-a"));
  config.clusters.push_back(cluster_named("smsc-b"));
  for (size_t i = 0; i < kRoutes; ++i) {
    config::RouteConfig route;
    route.name = "r" + std::to_string(i);
    if (i % 100 != 99) {
      route.match.destination_prefix = {random_digits(generator, length(generator))};
      if (i % 10 == 3) route.match.destination_prefix.push_back(random_digits(generator, length(generator)));
    }
    if (i % 7 == 1) route.match.system_id = {"client-" + std::to_string(i % 3)};
    if (i % 11 == 2) route.match.service_type = "S" + std::to_string(i % 2);
    route.action = config::RouteToCluster{i % 2 == 0 ? "smsc-a" : "smsc-b"};
    config.routes.push_back(std::move(route));
  }
  return config;
}

bool any_prefix_of(const std::vector<std::string>& prefixes, const std::string& address) {
  if (prefixes.empty()) return true;
  for (const std::string& prefix : prefixes) {
    if (address.starts_with(prefix)) return true;
  }
  return false;
}

// What "first match wins" means, written as the plain scan over every route.
uint32_t first_match_by_scan(const config::Config& config, const codec::Pdu& request, const std::string& system_id) {
  for (size_t i = 0; i < config.routes.size(); ++i) {
    const config::RouteMatch& match = config.routes[i].match;
    const bool holds = any_prefix_of(match.destination_prefix, request.destination_addr) &&
                       (match.system_id.empty() || match.system_id[0] == system_id) &&
                       (match.service_type.empty() || match.service_type == request.service_type);
    if (holds) return static_cast<uint32_t>(i);
  }
  return RouteDecision::kNoIndex;
}

TEST(RouterScale, TenThousandRoutesAgreeWithAScanOverAll) {
  const config::Config config = big_config();
  stats::StatsStore stats;
  std::vector<std::string> errors;
  const std::shared_ptr<const Router> router = build_router(config, errors, stats);
  ASSERT_THAT(errors, ::testing::IsEmpty());
  ASSERT_NE(router, nullptr);
  ASSERT_EQ(router->route_count(), kRoutes);

  std::mt19937 generator(11);
  std::uniform_int_distribution<size_t> length(0, 15);
  std::uniform_int_distribution<size_t> pick_route(0, kRoutes - 1);
  std::uniform_int_distribution<int> pick_client(0, 3);
  size_t routed_past_the_first_hundred = 0;
  for (int i = 0; i < 50'000; ++i) {
    codec::Pdu request;
    // Half the addresses extend a configured prefix, so deep matches and later routes are hit.
    const config::RouteConfig& near = config.routes[pick_route(generator)];
    request.destination_addr = (i % 2 == 0 && !near.match.destination_prefix.empty())
                                   ? near.match.destination_prefix[0] + random_digits(generator, length(generator))
                                   : random_digits(generator, length(generator));
    request.service_type = i % 3 == 0 ? "S0" : (i % 3 == 1 ? "S1" : "");
    const std::string system_id = "client-" + std::to_string(pick_client(generator));

    const uint32_t expected = first_match_by_scan(config, request, system_id);
    const RouteDecision decision = router->route(RouteInput{request, system_id});
    ASSERT_EQ(decision.route_index, expected) << request.destination_addr << " " << system_id;
    routed_past_the_first_hundred += expected != RouteDecision::kNoIndex && expected >= 100;
  }
  EXPECT_GT(routed_past_the_first_hundred, 1000u) << "the addresses should reach deep into the table";
}

}  // namespace
}  // namespace smppd::router
