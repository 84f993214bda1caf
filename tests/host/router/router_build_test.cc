#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/router/mo_router.h"
#include "host/router/router.h"
#include "tests/host/router/router_test_config.h"

namespace smppd::router {
namespace {

using testing::cluster_named;
using testing::load_test_config;

// The loader leaves regexes to the router: RE2 decides what compiles, and its reason is shown.
TEST(RouterBuild, InvalidRegexesAreReportedWithFileLineAndKeyPath) {
  const config::Config config = load_test_config(R"([[clusters]]
name = "smsc-a"
upstream = "mock"

[[routes]]
name = "fine"
match = { destination_regex = "44[0-9]+" }
cluster = "smsc-a"

[[routes]]
name = "broken"
cluster = "smsc-a"
[routes.match]
destination_prefix = ["44"]
destination_regex = "44("
source_regex = "[A-Z"

[[routes]]
name = "also-broken"
match = { source_regex = "a**" }
reject_status = 0x0B
)");
  stats::StatsStore stats;
  std::vector<std::string> errors{"an earlier error stays"};
  EXPECT_EQ(build_router(config, errors, stats), nullptr);
  EXPECT_THAT(errors,
              ::testing::ElementsAre(
                  "an earlier error stays",
                  R"(etc/smppd.toml:15:21: routes[1].match.destination_regex: expected an RE2 regular expression, got "44(": missing ): 44()",
                  R"(etc/smppd.toml:16:16: routes[1].match.source_regex: expected an RE2 regular expression, got "[A-Z": missing ]: [A-Z)",
                  R"(etc/smppd.toml:20:26: routes[2].match.source_regex: expected an RE2 regular expression, got "a**": bad repetition operator: **)"));
  EXPECT_EQ(stats.find("smppd.route.fine.match"), nullptr) << "no counters for a router that was not built";
}

// A Config made in code has no document, so errors name only its file.
config::Config made_in_code() {
  config::Config config;
  config.source_file = "made-in-code.toml";
  config.clusters.push_back(cluster_named("smsc-a"));
  return config;
}

TEST(RouterBuild, ConfigMadeInCodeNamesTheFileOnly) {
  config::Config config = made_in_code();
  config::RouteConfig route;
  route.name = "r";
  route.match.destination_regex = "(";
  route.action = config::RouteToCluster{"smsc-b"};
  config.routes.push_back(route);

  stats::StatsStore stats;
  std::vector<std::string> errors;
  EXPECT_EQ(build_router(config, errors, stats), nullptr);
  EXPECT_THAT(errors, ::testing::ElementsAre(
                          R"(made-in-code.toml: routes[0].match.destination_regex: expected an RE2 regular expression, got "(": missing ): ()",
                          R"(made-in-code.toml: routes[0].cluster: no cluster is named "smsc-b")"));
}

TEST(RouterBuild, WeightedClustersWithoutWeightAreRefused) {
  config::Config config = made_in_code();
  config::RouteConfig route;
  route.name = "r";
  route.action = config::RouteToWeightedClusters{{{"smsc-a", 0}}};
  config.routes.push_back(route);

  stats::StatsStore stats;
  std::vector<std::string> errors;
  EXPECT_EQ(build_router(config, errors, stats), nullptr);
  EXPECT_THAT(errors, ::testing::ElementsAre("made-in-code.toml: routes[0].weighted_clusters: expected a weight "
                                             "above 0 on at least one cluster"));
}

TEST(RouterBuild, MoRouteFromUnknownClusterInConfigMadeInCode) {
  config::Config config = made_in_code();
  config::MoRouteConfig route;
  route.name = "m";
  route.match.cluster = {"smsc-a", "smsc-x"};
  route.action = config::MoRouteToClient{"acme"};
  config.mo_routes.push_back(route);

  stats::StatsStore stats;
  std::vector<std::string> errors;
  EXPECT_EQ(build_mo_router(config, errors, stats), nullptr);
  EXPECT_THAT(errors, ::testing::ElementsAre(
                          R"(made-in-code.toml: mo_routes[0].match.cluster[1]: no cluster is named "smsc-x")"));
}

}  // namespace
}  // namespace smppd::router
