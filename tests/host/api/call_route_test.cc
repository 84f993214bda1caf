// smppd_call_api.route: where the router would send a call, asked by a filter before the router
// runs. Through the call table, on a real Router built from a config, as ClusterDispatcher
// answers it.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "host/api/call.h"
#include "host/api/host_api.h"
#include "host/proxy/cluster_dispatcher.h"
#include "host/router/router.h"
#include "host/stats/stats_store.h"
#include "tests/host/router/router_test_config.h"

namespace smppd::api {
namespace {

std::string text_of(smppd_host_view view) { return {view.data, view.size}; }

// 44... to smsc-a for the tenant "gold" (an attribute a filter sets), 44... to smsc-b otherwise,
// 49... split by weight between smsc-c and smsc-a (a drained cluster of weight 0 listed first),
// 999... refused.
constexpr std::string_view kRoutes = R"(
[[clusters]]
name = "drained"
upstream = "mock"

[[routes]]
name = "gold"
match = { destination_prefix = ["44"], attributes = { "auth.tenant" = "gold" } }
cluster = "smsc-a"

[[routes]]
name = "uk"
match = { destination_prefix = ["44"] }
cluster = "smsc-b"

[[routes]]
name = "germany"
match = { destination_prefix = ["49"] }
weighted_clusters = [
  { cluster = "drained", weight = 0 },
  { cluster = "smsc-c", weight = 30 },
  { cluster = "smsc-a", weight = 70 },
]

[[routes]]
name = "premium"
match = { destination_prefix = ["999"] }
reject_status = 0x45
)";

// The dispatcher's answer over one Router, as the listener's dispatcher gives it to calls.
class RouterLookup final : public RouteLookup {
 public:
  explicit RouterLookup(std::shared_ptr<const router::Router> router) : router_(std::move(router)) {}
  int32_t route_of(const smppd_call& call, Answer& out) const override {
    return proxy::ClusterDispatcher::lookup_route(*router_, call, out);
  }

 private:
  std::shared_ptr<const router::Router> router_;
};

class CallRouteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> errors;
    router_ = router::build_router(
        router::testing::load_test_config(std::string(router::testing::kMockClusters) + std::string(kRoutes)), errors,
        stats_);
    ASSERT_TRUE(errors.empty()) << errors.front();
    ASSERT_NE(router_, nullptr);
    lookup_ = std::make_unique<RouterLookup>(router_);
    pdu_.command_id = codec::CommandId::submit_sm;
    session_.system_id = "acme";
    call_.routes = lookup_.get();
  }

  // route() through the host's call table: its answer, and the names when SMPPD_OK.
  int32_t route(std::string* route_name = nullptr, std::string* cluster_name = nullptr) {
    smppd_host_view route_view{nullptr, 0};
    smppd_host_view cluster_view{nullptr, 0};
    const int32_t rc = host_->call->route(&call_, &route_view, &cluster_view);
    if (route_name != nullptr) *route_name = text_of(route_view);
    if (cluster_name != nullptr) *cluster_name = text_of(cluster_view);
    return rc;
  }

  uint64_t counted(const std::string& name) {
    const stats::Metric* metric = stats_.find(name);
    return metric == nullptr ? 0 : static_cast<uint64_t>(metric->get());
  }

  const smppd_host_api* host_ = host_table();
  stats::StatsStore stats_;
  std::shared_ptr<const router::Router> router_;
  std::unique_ptr<RouterLookup> lookup_;
  codec::Pdu pdu_;
  SessionInfo session_;
  AttributeBag session_bag_;
  smppd_call call_{pdu_, session_, session_bag_};
};

TEST_F(CallRouteTest, TheTableHasTheEntry) {
  ASSERT_TRUE(SMPPD_HAS(host_->call, route));
  EXPECT_EQ(host_->call->struct_size, sizeof(smppd_call_api));
}

TEST_F(CallRouteTest, AnswersTheRouteAndClusterOfTheDestination) {
  pdu_.destination_addr = "447700900123";
  std::string route_name;
  std::string cluster_name;
  ASSERT_EQ(route(&route_name, &cluster_name), SMPPD_OK);
  EXPECT_EQ(route_name, "uk");
  EXPECT_EQ(cluster_name, "smsc-b");
}

TEST_F(CallRouteTest, SeesTheAttributesFiltersSetSoFar) {
  pdu_.destination_addr = "447700900123";
  call_.call_attributes.set("auth.tenant", std::string("gold"));
  std::string route_name;
  std::string cluster_name;
  ASSERT_EQ(route(&route_name, &cluster_name), SMPPD_OK);
  EXPECT_EQ(route_name, "gold");
  EXPECT_EQ(cluster_name, "smsc-a");
}

TEST_F(CallRouteTest, AWeightedRouteAnswersItsFirstClusterOfWeightAboveZeroEveryTime) {
  pdu_.destination_addr = "4915112345678";
  for (int i = 0; i < 50; ++i) {
    std::string cluster_name;
    ASSERT_EQ(route(nullptr, &cluster_name), SMPPD_OK);
    ASSERT_EQ(cluster_name, "smsc-c") << "lookup " << i;
  }
}

TEST_F(CallRouteTest, ARejectRouteAnswersItsNameAndNoCluster) {
  pdu_.destination_addr = "99912345";
  std::string route_name = "x";
  std::string cluster_name = "x";
  ASSERT_EQ(route(&route_name, &cluster_name), SMPPD_OK);
  EXPECT_EQ(route_name, "premium");
  EXPECT_EQ(cluster_name, "");
}

TEST_F(CallRouteTest, NoMatchingRouteIsNotFound) {
  pdu_.destination_addr = "33612345678";
  EXPECT_EQ(route(), SMPPD_E_NOT_FOUND);
}

TEST_F(CallRouteTest, ARequestTheRouterDoesNotRouteIsNotFound) {
  pdu_.destination_addr = "447700900123";
  pdu_.command_id = codec::CommandId::query_sm;
  EXPECT_EQ(route(), SMPPD_E_NOT_FOUND);
  pdu_.command_id = codec::CommandId::data_sm;
  EXPECT_EQ(route(), SMPPD_OK) << "data_sm is routed as submit_sm is";
}

TEST_F(CallRouteTest, ACallWithoutARouterIsNotFound) {
  pdu_.destination_addr = "447700900123";
  call_.routes = nullptr;  // a bind: it goes to no router
  EXPECT_EQ(route(), SMPPD_E_NOT_FOUND);
}

TEST_F(CallRouteTest, ALookupCountsNothing) {
  pdu_.destination_addr = "447700900123";
  ASSERT_EQ(route(), SMPPD_OK);
  pdu_.destination_addr = "33612345678";
  ASSERT_EQ(route(), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(counted("smppd.route.uk.match"), 0u);
  EXPECT_EQ(counted("smppd.router.no_route"), 0u);
  // The router itself still counts what it routes.
  pdu_.destination_addr = "447700900123";
  (void)router_->route(router::RouteInput{pdu_, "acme"});
  EXPECT_EQ(counted("smppd.route.uk.match"), 1u);
}

TEST_F(CallRouteTest, RefusesMissingOutputs) {
  smppd_host_view out{nullptr, 0};
  EXPECT_EQ(host_->call->route(nullptr, &out, &out), SMPPD_E_INVALID);
  EXPECT_EQ(host_->call->route(&call_, nullptr, &out), SMPPD_E_INVALID);
  EXPECT_EQ(host_->call->route(&call_, &out, nullptr), SMPPD_E_INVALID);
}

}  // namespace
}  // namespace smppd::api
