#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string_view>
#include <variant>

#include "host/config/config_loader.h"
#include "tests/host/config/error_texts.h"

namespace smppd::config {
namespace {

constexpr std::string_view kMoRoutes = R"([[clusters]]
name = "smsc-a"
upstream = "mock"

[[clusters]]
name = "smsc-b"
upstream = "mock"

[router]
mo_no_route_status = 0x0B

[[mo_routes]]
name = "acme-shortcode"
match = { destination_prefix = ["4412", "4413"], source_prefix = ["447"], cluster = ["smsc-a", "smsc-b"] }
system_id = "acme"

[[mo_routes]]
name = "blocked-range"
match = { destination_prefix = ["449"] }
reject_status = 0x66

[[mo_routes]]
name = "everything-else"
system_id = "fallback"
)";

class MoRouteConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = load_config_text(kMoRoutes, "mo.toml", SecretResolver::from_map({}));
    ASSERT_THAT(testing::error_texts(result_.errors), ::testing::IsEmpty());
    ASSERT_TRUE(result_.config.has_value());
  }

  const Config& config() const { return *result_.config; }

  LoadResult result_;
};

TEST_F(MoRouteConfigTest, ReadsEveryEntryInOrder) {
  ASSERT_EQ(config().mo_routes.size(), 3u);
  EXPECT_EQ(config().mo_routes[0].name, "acme-shortcode");
  EXPECT_EQ(config().mo_routes[1].name, "blocked-range");
  EXPECT_EQ(config().mo_routes[2].name, "everything-else");
  EXPECT_EQ(config().router.mo_no_route_status, 0x0Bu);
}

TEST_F(MoRouteConfigTest, MatchAndClient) {
  const MoRouteConfig& route = config().mo_routes[0];
  EXPECT_THAT(route.match.destination_prefix, ::testing::ElementsAre("4412", "4413"));
  EXPECT_THAT(route.match.source_prefix, ::testing::ElementsAre("447"));
  EXPECT_THAT(route.match.cluster, ::testing::ElementsAre("smsc-a", "smsc-b"));
  const auto* to_client = std::get_if<MoRouteToClient>(&route.action);
  ASSERT_NE(to_client, nullptr);
  EXPECT_EQ(to_client->system_id, "acme");
}

TEST_F(MoRouteConfigTest, Reject) {
  const auto* reject = std::get_if<RouteReject>(&config().mo_routes[1].action);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->status, 0x66u);
}

TEST_F(MoRouteConfigTest, EmptyMatchTakesEverything) {
  const MoRouteMatch& match = config().mo_routes[2].match;
  EXPECT_TRUE(match.destination_prefix.empty());
  EXPECT_TRUE(match.source_prefix.empty());
  EXPECT_TRUE(match.cluster.empty());
}

}  // namespace
}  // namespace smppd::config
