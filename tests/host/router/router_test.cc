#include "host/router/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "tests/host/router/router_test_config.h"

namespace smppd::router {
namespace {

using testing::kMockClusters;
using testing::load_test_config;

// Mixed conditions. Routes 4 and 5 show what "first match wins" means for prefixes: "uk" (44)
// comes before "uk-mobile-later" (4477), so 4477... goes to "uk" although 4477 is the longer
// prefix; "uk-mobile-later" can only ever take what "uk" leaves, which is nothing.
constexpr std::string_view kRoutes = R"(
[router]
no_route_status = 0x45

[[routes]]
name = "premium-blocked"
match = { destination_prefix = ["4490", "4491"] }
reject_status = 0x101

[[routes]]
name = "tenant-gold"
match = { attributes = { "auth.tenant" = "gold" } }
cluster = "smsc-c"

[[routes]]
name = "uk-otp"
match = { destination_prefix = ["44"], service_type = "OTP" }
cluster = "smsc-b"

[[routes]]
name = "uk-acme"
match = { destination_prefix = ["447"], system_id = ["acme", "acme-2"] }
cluster = "smsc-c"

[[routes]]
name = "uk"
match = { destination_prefix = ["44"] }
cluster = "smsc-a"

[[routes]]
name = "uk-mobile-later"
match = { destination_prefix = ["4477"] }
cluster = "smsc-b"

[[routes]]
name = "us-from-brand"
match = { destination_prefix = ["1"], source_prefix = ["BRAND", "999"] }
cluster = "smsc-b"

[[routes]]
name = "us-regex"
match = { destination_regex = "1[2-9][0-9]{9}" }
cluster = "smsc-a"

[[routes]]
name = "de-ucs2"
match = { destination_prefix = ["49"], data_coding = 8 }
cluster = "smsc-b"

[[routes]]
name = "de-udh"
match = { destination_prefix = ["49"], esm_class = 0x40 }
cluster = "smsc-c"

[[routes]]
name = "fr-network"
match = { destination_prefix = ["33"], attributes = { "hlr.network" = "20801", "auth.tier" = "bulk" } }
cluster = "smsc-a"

[[routes]]
name = "fr-alphanumeric-sender"
match = { destination_prefix = ["33"], source_regex = "[A-Z]+" }
cluster = "smsc-b"

[[routes]]
name = "plus-prefixed"
match = { destination_prefix = ["+"] }
cluster = "smsc-c"
)";

struct Attribute {
  std::string key;
  api::AttributeValue value;
};

struct RouteCase {
  std::string name;
  std::string destination;
  std::string source = "447700900000";
  std::string system_id = "client";
  std::string service_type;
  uint8_t data_coding = 0;
  uint8_t esm_class = 0;
  std::vector<Attribute> call_attributes;
  std::vector<Attribute> session_attributes;
  // The route expected to win, or nullopt for no route.
  std::optional<std::string> route;
  RouteOutcome outcome = RouteOutcome::to_cluster;
  std::string cluster;
  uint32_t status = 0;
};

std::ostream& operator<<(std::ostream& out, const RouteCase& route_case) { return out << route_case.name; }

RouteCase to(std::string name, std::string destination, std::string route, std::string cluster) {
  RouteCase route_case;
  route_case.name = std::move(name);
  route_case.destination = std::move(destination);
  route_case.route = std::move(route);
  route_case.cluster = std::move(cluster);
  return route_case;
}

RouteCase no_route(std::string name, std::string destination) {
  RouteCase route_case;
  route_case.name = std::move(name);
  route_case.destination = std::move(destination);
  route_case.outcome = RouteOutcome::no_route;
  route_case.status = 0x45;
  return route_case;
}

template <typename Change>
RouteCase with(RouteCase route_case, Change change) {
  change(route_case);
  return route_case;
}

std::vector<RouteCase> route_cases() {
  RouteCase blocked;
  blocked.name = "reject_with_the_routes_status";
  blocked.destination = "449012345";
  blocked.route = "premium-blocked";
  blocked.outcome = RouteOutcome::reject;
  blocked.status = 0x101;
  return {
      blocked,
      with(blocked, [](RouteCase& c) {
        c.name = "earlier_reject_wins_over_a_later_attribute_route";
        c.call_attributes = {{"auth.tenant", std::string("gold")}};
      }),
      with(to("attribute_route_without_prefix_takes_any_address", "447700900123", "tenant-gold", "smsc-c"),
           [](RouteCase& c) { c.call_attributes = {{"auth.tenant", std::string("gold")}}; }),
      with(to("attribute_from_the_session_bag", "5550001", "tenant-gold", "smsc-c"),
           [](RouteCase& c) { c.session_attributes = {{"auth.tenant", std::string("gold")}}; }),
      with(to("call_attribute_hides_the_sessions", "447700900123", "uk", "smsc-a"), [](RouteCase& c) {
        c.call_attributes = {{"auth.tenant", std::string("silver")}};
        c.session_attributes = {{"auth.tenant", std::string("gold")}};
      }),
      with(to("service_type", "447700900123", "uk-otp", "smsc-b"), [](RouteCase& c) { c.service_type = "OTP"; }),
      with(to("service_type_must_equal", "447700900123", "uk", "smsc-a"),
           [](RouteCase& c) { c.service_type = "OTPX"; }),
      with(to("system_id_list_first_entry", "447700900123", "uk-acme", "smsc-c"),
           [](RouteCase& c) { c.system_id = "acme"; }),
      with(to("system_id_list_second_entry", "447700900123", "uk-acme", "smsc-c"),
           [](RouteCase& c) { c.system_id = "acme-2"; }),
      with(to("earlier_route_wins_when_both_hold", "447700900123", "uk-otp", "smsc-b"), [](RouteCase& c) {
        c.system_id = "acme";
        c.service_type = "OTP";
      }),
      with(to("system_id_route_needs_its_longer_prefix", "4420790000", "uk", "smsc-a"),
           [](RouteCase& c) { c.system_id = "acme"; }),
      to("earlier_shorter_prefix_wins_over_later_longer_prefix", "447700900123", "uk", "smsc-a"),
      to("prefix_equal_to_the_whole_address", "44", "uk", "smsc-a"),
      no_route("address_shorter_than_every_prefix", "4"),
      with(to("source_prefix_first_entry", "12025550123", "us-from-brand", "smsc-b"),
           [](RouteCase& c) { c.source = "BRANDX"; }),
      with(to("source_prefix_second_entry", "12025550123", "us-from-brand", "smsc-b"),
           [](RouteCase& c) { c.source = "9991"; }),
      to("destination_regex_full_match", "12025550123", "us-regex", "smsc-a"),
      no_route("destination_regex_does_not_match_a_longer_address", "120255501234"),
      no_route("destination_regex_does_not_match_a_part", "x12025550123"),
      with(to("data_coding", "4915112345678", "de-ucs2", "smsc-b"), [](RouteCase& c) { c.data_coding = 8; }),
      with(to("esm_class", "4915112345678", "de-udh", "smsc-c"), [](RouteCase& c) { c.esm_class = 0x40; }),
      with(to("data_coding_and_esm_class_earlier_wins", "4915112345678", "de-ucs2", "smsc-b"), [](RouteCase& c) {
        c.data_coding = 8;
        c.esm_class = 0x40;
      }),
      with(no_route("esm_class_must_equal_not_contain", "4915112345678"), [](RouteCase& c) { c.esm_class = 0x43; }),
      with(to("every_attribute_must_hold", "33612345678", "fr-network", "smsc-a"), [](RouteCase& c) {
        c.call_attributes = {{"hlr.network", std::string("20801")}};
        c.session_attributes = {{"auth.tier", std::string("bulk")}};
      }),
      with(to("integer_attribute_equals_its_decimal_text", "33612345678", "fr-network", "smsc-a"), [](RouteCase& c) {
        c.call_attributes = {{"hlr.network", int64_t{20801}}, {"auth.tier", std::string("bulk")}};
      }),
      with(no_route("one_attribute_missing", "33612345678"),
           [](RouteCase& c) { c.call_attributes = {{"hlr.network", std::string("20801")}}; }),
      with(no_route("integer_attribute_other_value", "33612345678"), [](RouteCase& c) {
        c.call_attributes = {{"hlr.network", int64_t{20810}}, {"auth.tier", std::string("bulk")}};
      }),
      with(to("source_regex", "33612345678", "fr-alphanumeric-sender", "smsc-b"),
           [](RouteCase& c) { c.source = "ACME"; }),
      with(no_route("source_regex_full_match", "33612345678"), [](RouteCase& c) { c.source = "Acme"; }),
      to("prefix_of_any_byte", "+447700900123", "plus-prefixed", "smsc-c"),
      no_route("no_route_answers_the_configured_status", "5550001"),
      no_route("empty_destination", ""),
  };
}

// The Router as built, with the stats store it counts in.
struct BuiltRouter {
  stats::StatsStore stats;
  std::shared_ptr<const Router> router;

  explicit BuiltRouter(std::string_view toml) {
    std::vector<std::string> errors;
    router = build_router(load_test_config(toml), errors, stats);
    EXPECT_THAT(errors, ::testing::IsEmpty());
  }
};

class RouterCases : public ::testing::TestWithParam<RouteCase> {
 protected:
  static void SetUpTestSuite() { built_ = new BuiltRouter(std::string(kMockClusters) + std::string(kRoutes)); }
  static void TearDownTestSuite() {
    delete built_;
    built_ = nullptr;
  }

  static BuiltRouter* built_;
};

BuiltRouter* RouterCases::built_ = nullptr;

TEST_P(RouterCases, FirstMatchInConfigOrder) {
  const RouteCase& route_case = GetParam();
  ASSERT_NE(built_->router, nullptr);
  const Router& router = *built_->router;
  codec::Pdu request;
  request.command_id = codec::CommandId::submit_sm;
  request.destination_addr = route_case.destination;
  request.source_addr = route_case.source;
  request.service_type = route_case.service_type;
  request.data_coding = route_case.data_coding;
  request.esm_class = route_case.esm_class;
  api::AttributeBag call;
  api::AttributeBag session;
  for (const Attribute& attribute : route_case.call_attributes) call.set(attribute.key, attribute.value);
  for (const Attribute& attribute : route_case.session_attributes) session.set(attribute.key, attribute.value);

  const RouteDecision decision = router.route(RouteInput{request, route_case.system_id, &call, &session});

  EXPECT_EQ(decision.outcome, route_case.outcome);
  EXPECT_EQ(decision.route_name, route_case.route.value_or(""));
  EXPECT_EQ(decision.cluster_name, route_case.cluster);
  if (!route_case.cluster.empty()) {
    ASSERT_LT(decision.cluster_index, router.cluster_names().size());
    EXPECT_EQ(router.cluster_names()[decision.cluster_index], route_case.cluster);
  }
  EXPECT_EQ(decision.status, route_case.status);
}

INSTANTIATE_TEST_SUITE_P(Router, RouterCases, ::testing::ValuesIn(route_cases()),
                         [](const ::testing::TestParamInfo<RouteCase>& param_info) { return param_info.param.name; });

RouteDecision route_to(const Router& router, std::string destination) {
  codec::Pdu request;
  request.destination_addr = std::move(destination);
  return router.route(RouteInput{request, "client"});
}

TEST(Router, EmptyMatchTakesEverything) {
  const BuiltRouter built(std::string(kMockClusters) + R"(
[[routes]]
name = "uk"
match = { destination_prefix = ["44"] }
cluster = "smsc-a"

[[routes]]
name = "everything"
cluster = "smsc-b"
)");
  ASSERT_NE(built.router, nullptr);
  EXPECT_EQ(route_to(*built.router, "447700900123").route_name, "uk");
  for (std::string destination : {"", "4", "12025550123", "+33", "ABC"}) {
    const RouteDecision decision = route_to(*built.router, destination);
    EXPECT_EQ(decision.route_name, "everything") << destination;
    EXPECT_EQ(decision.route_index, 1u);
    EXPECT_EQ(decision.cluster_name, "smsc-b");
  }
}

TEST(Router, EmptyMatchFirstShadowsEveryLaterRoute) {
  const BuiltRouter built(std::string(kMockClusters) + R"(
[[routes]]
name = "everything"
cluster = "smsc-b"

[[routes]]
name = "uk"
match = { destination_prefix = ["44"] }
cluster = "smsc-a"
)");
  ASSERT_NE(built.router, nullptr);
  EXPECT_EQ(route_to(*built.router, "447700900123").route_name, "everything");
}

TEST(Router, NoRoutesAnswerTheDefaultNoRouteStatus) {
  const BuiltRouter built(kMockClusters);
  ASSERT_NE(built.router, nullptr);
  const RouteDecision decision = route_to(*built.router, "447700900123");
  EXPECT_EQ(decision.outcome, RouteOutcome::no_route);
  EXPECT_EQ(decision.status, codec::status::kInvDstAdr);
  EXPECT_EQ(decision.route_index, RouteDecision::kNoIndex);
}

TEST(Router, CountsMatchesPerRouteAndMisses) {
  const BuiltRouter built(std::string(kMockClusters) + std::string(kRoutes));
  ASSERT_NE(built.router, nullptr);
  for (int i = 0; i < 3; ++i) route_to(*built.router, "447700900123");
  route_to(*built.router, "449012345");
  route_to(*built.router, "5550001");
  route_to(*built.router, "5550002");

  auto count = [&](std::string_view name) {
    const stats::Metric* metric = built.stats.find(name);
    return metric != nullptr ? metric->get() : -1;
  };
  EXPECT_EQ(count("smppd.route.uk.match"), 3);
  EXPECT_EQ(count("smppd.route.premium-blocked.match"), 1);
  EXPECT_EQ(count("smppd.route.uk-mobile-later.match"), 0) << "defined at build, never matched";
  EXPECT_EQ(count("smppd.router.no_route"), 2);
}

TEST(Router, SharedByThreadsWithoutLocks) {
  const BuiltRouter built(std::string(kMockClusters) + std::string(kRoutes));
  ASSERT_NE(built.router, nullptr);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::thread> threads;
  std::vector<int> wrong(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool uk = (i % 2) == 0;
        const RouteDecision decision = route_to(*built.router, uk ? "447700900123" : "12025550123");
        wrong[t] += decision.route_name != (uk ? "uk" : "us-regex");
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(wrong, ::testing::Each(0));
  EXPECT_EQ(built.stats.find("smppd.route.uk.match")->get(), kThreads * kPerThread / 2);
  EXPECT_EQ(built.stats.find("smppd.route.us-regex.match")->get(), kThreads * kPerThread / 2);
}

}  // namespace
}  // namespace smppd::router
