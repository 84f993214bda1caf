#include "host/router/mo_router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "tests/host/router/router_test_config.h"

namespace smppd::router {
namespace {

using testing::kMockClusters;
using testing::load_test_config;

// "shortcode-later" lists the longer prefix 81234 but comes after "shortcodes" (8): it never
// wins, because the first match in config order wins, not the longest prefix.
constexpr std::string_view kMoRoutes = R"(
[[mo_routes]]
name = "blocked-senders"
match = { source_prefix = ["4499", "4498"] }
reject_status = 0x66

[[mo_routes]]
name = "acme-keyword-line"
match = { destination_prefix = ["81234"], cluster = ["smsc-a"] }
system_id = "acme"

[[mo_routes]]
name = "shortcodes"
match = { destination_prefix = ["8", "+8"] }
system_id = "shared"

[[mo_routes]]
name = "shortcode-later"
match = { destination_prefix = ["81234"] }
system_id = "never"

[[mo_routes]]
name = "long-numbers-from-b"
match = { destination_prefix = ["44"], source_prefix = ["33"], cluster = ["smsc-b"] }
system_id = "fr-to-uk"
)";

constexpr uint32_t kClusterA = 0;
constexpr uint32_t kClusterB = 1;

struct MoCase {
  std::string name;
  std::string destination;
  std::string source;
  uint32_t cluster = kClusterA;
  std::optional<std::string> route;  // nullopt: no route
  std::string system_id;
  uint32_t status = 0;
};

std::ostream& operator<<(std::ostream& out, const MoCase& mo_case) { return out << mo_case.name; }

const std::vector<MoCase>& mo_cases() {
  static const std::vector<MoCase> cases = {
      {"owner_by_destination_and_cluster", "81234", "447700900123", kClusterA, "acme-keyword-line", "acme", 0},
      {"same_number_from_another_cluster", "81234", "447700900123", kClusterB, "shortcodes", "shared", 0},
      {"earlier_shorter_prefix_wins_over_later_longer", "812345", "447700900123", kClusterB, "shortcodes", "shared", 0},
      {"blocked_sender_is_rejected_first", "81234", "449912345", kClusterA, "blocked-senders", "", 0x66},
      {"second_source_prefix", "700", "4498", kClusterB, "blocked-senders", "", 0x66},
      {"prefix_with_a_plus", "+8100", "447700900123", kClusterA, "shortcodes", "shared", 0},
      {"source_and_cluster_must_both_hold", "447700900123", "33612345678", kClusterB, "long-numbers-from-b",
       "fr-to-uk", 0},
      {"wrong_cluster", "447700900123", "33612345678", kClusterA, std::nullopt, "", 0x65},
      {"wrong_source", "447700900123", "34612345678", kClusterB, std::nullopt, "", 0x65},
      {"nobody_owns_the_number", "70000", "447700900123", kClusterA, std::nullopt, "", 0x65},
  };
  return cases;
}

class MoRouterCases : public ::testing::TestWithParam<MoCase> {};

TEST_P(MoRouterCases, FirstMatchInConfigOrder) {
  const MoCase& mo_case = GetParam();
  stats::StatsStore stats;
  std::vector<std::string> errors;
  const std::shared_ptr<const MoRouter> router =
      build_mo_router(load_test_config(std::string(kMockClusters) + std::string(kMoRoutes)), errors, stats);
  ASSERT_THAT(errors, ::testing::IsEmpty());
  ASSERT_NE(router, nullptr);

  const MoRouteDecision decision = router->route(mo_case.destination, mo_case.source, mo_case.cluster);

  const MoRouteOutcome outcome = !mo_case.route          ? MoRouteOutcome::no_route
                                 : mo_case.status != 0 ? MoRouteOutcome::reject
                                                         : MoRouteOutcome::to_client;
  EXPECT_EQ(decision.outcome, outcome);
  EXPECT_EQ(decision.route_name, mo_case.route.value_or(""));
  EXPECT_EQ(decision.system_id, mo_case.system_id);
  EXPECT_EQ(decision.status, mo_case.status);
  const std::string counter =
      mo_case.route ? "smppd.mo_route." + *mo_case.route + ".match" : std::string("smppd.router.mo_no_route");
  ASSERT_NE(stats.find(counter), nullptr) << counter;
  EXPECT_EQ(stats.find(counter)->get(), 1);
}

INSTANTIATE_TEST_SUITE_P(MoRouter, MoRouterCases, ::testing::ValuesIn(mo_cases()),
                         [](const ::testing::TestParamInfo<MoCase>& param_info) { return param_info.param.name; });

TEST(MoRouter, NoRouteStatusIsConfigurable) {
  stats::StatsStore stats;
  std::vector<std::string> errors;
  const auto router = build_mo_router(load_test_config("[router]\nmo_no_route_status = 0x0B\n"), errors, stats);
  ASSERT_NE(router, nullptr);
  const MoRouteDecision decision = router->route("81234", "447700900123", 0);
  EXPECT_EQ(decision.outcome, MoRouteOutcome::no_route);
  EXPECT_EQ(decision.status, 0x0Bu);
  EXPECT_EQ(decision.route_index, MoRouteDecision::kNoIndex);
}

TEST(MoRouter, EmptyMatchTakesEveryMo) {
  stats::StatsStore stats;
  std::vector<std::string> errors;
  const auto router =
      build_mo_router(load_test_config("[[mo_routes]]\nname = \"all\"\nsystem_id = \"owner\"\n"), errors, stats);
  ASSERT_NE(router, nullptr);
  for (const char* destination : {"", "1", "81234", "+44"}) {
    EXPECT_EQ(router->route(destination, "447700900123", 7).system_id, "owner") << destination;
  }
}

}  // namespace
}  // namespace smppd::router
