#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "host/config/config_loader.h"
#include "tests/host/config/error_texts.h"
#include "tests/support/test_data.h"

namespace smppd::config {
namespace {

using namespace std::chrono_literals;
using smppd::testing::test_data_path;

std::filesystem::path data_file(const std::string& relative) {
  return std::filesystem::path(test_data_path(relative)).lexically_normal();
}

class ConfigFullExample : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = load_config_file(test_data_path("config/full.toml"),
                               SecretResolver::from_map({{"DEMO_PASSWORD", "demo-pw"}, {"SMSC_A_PASSWORD", "a-pw"}}));
    ASSERT_THAT(testing::error_texts(result_.errors), ::testing::IsEmpty());
    ASSERT_TRUE(result_.config.has_value());
  }

  const Config& config() const { return *result_.config; }

  LoadResult result_;
};

TEST_F(ConfigFullExample, TopLevelSections) {
  EXPECT_EQ(config().node.id, "smppd-test-1");
  EXPECT_EQ(config().admin.address, "127.0.0.1");
  EXPECT_EQ(config().admin.port, 0);
  EXPECT_FALSE(config().admin.enabled);
  EXPECT_THAT(config().plugins.dirs,
              ::testing::ElementsAre(data_file("config/plugins"), data_file("config/vendor/plugins")));
  EXPECT_EQ(config().plugins.blocking_threads, 4u);
  EXPECT_EQ(config().plugins.blocking_queue, 256u);
  EXPECT_EQ(config().router.no_route_status, 0x45u);
  EXPECT_EQ(config().source_file, test_data_path("config/full.toml"));
  ASSERT_NE(config().document, nullptr);
  EXPECT_TRUE(config().document->contains("listeners"));
}

TEST_F(ConfigFullExample, Listener) {
  ASSERT_EQ(config().listeners.size(), 2u);
  const ListenerConfig& listener = config().listeners[0];
  EXPECT_EQ(listener.name, "smpp-tls");
  EXPECT_EQ(listener.address, "127.0.0.1");
  EXPECT_EQ(listener.port, 0);
  EXPECT_EQ(listener.max_connections, 500u);
  EXPECT_EQ(listener.max_connections_per_ip, 20u);
  EXPECT_FALSE(listener.allow_unauthenticated);

  ASSERT_TRUE(listener.tls.has_value());
  EXPECT_EQ(listener.tls->cert_file, data_file("config/tls/server.crt"));
  EXPECT_EQ(listener.tls->key_file, data_file("config/tls/server.key"));
  EXPECT_EQ(listener.tls->client_ca_file, data_file("config/tls/server.crt"));
  EXPECT_TRUE(listener.tls->require_client_cert);
  EXPECT_EQ(listener.tls->min_version, TlsVersion::v1_3);

  const SessionConfig& session = listener.session;
  EXPECT_EQ(session.bind_timeout, 3000ms);
  EXPECT_EQ(session.enquire_link_interval, 15000ms);
  EXPECT_EQ(session.inactivity_timeout, 60000ms);
  EXPECT_EQ(session.response_timeout, 8000ms);
  EXPECT_EQ(session.window, 50u);
  EXPECT_EQ(session.max_command_length, 65536u);
  EXPECT_EQ(session.max_password_length, 65u);
  EXPECT_EQ(session.max_consecutive_errors, 3u);
  EXPECT_DOUBLE_EQ(listener.bind_throttle.attempts_per_second, 5.5);
  EXPECT_EQ(listener.bind_throttle.burst, 10u);

  const ListenerConfig& plain = config().listeners[1];
  EXPECT_EQ(plain.name, "smpp-plain");
  EXPECT_EQ(plain.address, "::1");
  EXPECT_TRUE(plain.allow_unauthenticated);
  EXPECT_FALSE(plain.tls.has_value());
}

TEST_F(ConfigFullExample, FiltersInChainOrderWithTheirPluginTables) {
  const std::vector<FilterConfig>& filters = config().listeners[0].filters;
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].name, "auth_static");
  EXPECT_EQ(filters[0].timeout, 500ms);
  EXPECT_EQ(filters[0].failure_mode, FailureMode::closed);
  EXPECT_EQ(filters[0].failure_status, 0x0Du);
  EXPECT_EQ(filters[0].config.key_path, "listeners[0].filters[0].config");
  EXPECT_EQ(filters[0].config.where.line, 55u);
  // Secrets are expanded inside plugin tables too, and "$$" is a literal "$".
  EXPECT_EQ(boost::json::parse(filters[0].config.json),
            boost::json::parse(R"({"accounts":[{"system_id":"demo","password":"demo-pw","tenant":"acme$corp"},)"
                               R"({"system_id":"viewer","password":"plain-text","tenant":"acme"}]})"));

  EXPECT_EQ(filters[1].name, "ratelimit");
  EXPECT_EQ(filters[1].failure_mode, FailureMode::open);
  EXPECT_EQ(filters[1].failure_status, std::nullopt);
  EXPECT_EQ(boost::json::parse(filters[1].config.json),
            boost::json::parse(R"({"per_system_id":100,"burst":200.5,"since":"2024-01-01T00:00:00Z"})"));
}

TEST_F(ConfigFullExample, Clusters) {
  ASSERT_EQ(config().clusters.size(), 2u);
  const ClusterConfig& cluster = config().clusters[0];
  EXPECT_EQ(cluster.name, "smsc-a");
  EXPECT_EQ(cluster.lb_policy, "least_loaded");
  EXPECT_EQ(cluster.lb_config.json, R"({"prefer_local":true})");
  EXPECT_EQ(cluster.lb_config.key_path, "clusters[0].lb_config");
  EXPECT_EQ(cluster.upstream, "smpp");
  EXPECT_EQ(cluster.health_check.plugin, "enquire_link");
  EXPECT_EQ(cluster.health_check.interval, 5000ms);
  EXPECT_EQ(cluster.health_check.timeout, 1000ms);
  EXPECT_EQ(cluster.health_check.unhealthy_threshold, 2u);
  EXPECT_EQ(cluster.health_check.healthy_threshold, 1u);
  EXPECT_EQ(cluster.outlier.consecutive_errors, 10u);
  EXPECT_EQ(cluster.outlier.base_ejection, 60000ms);
  EXPECT_EQ(cluster.outlier.max_ejection_percent, 30u);
  EXPECT_EQ(cluster.circuit_breaker.max_pending, 500u);
  EXPECT_EQ(cluster.circuit_breaker.max_in_flight, 200u);
  EXPECT_EQ(cluster.circuit_breaker.status, 0x14u);

  const ClusterConfig& mock = config().clusters[1];
  EXPECT_EQ(mock.upstream, "mock");
  EXPECT_TRUE(mock.endpoints.empty());
  EXPECT_EQ(mock.upstream_config.json, R"({"accept_percent":100,"latency_ms":[5,10]})");
}

TEST_F(ConfigFullExample, Endpoints) {
  const std::vector<EndpointConfig>& endpoints = config().clusters[0].endpoints;
  ASSERT_EQ(endpoints.size(), 2u);
  const EndpointConfig& a1 = endpoints[0];
  EXPECT_EQ(a1.name, "a1");
  EXPECT_EQ(a1.address, "127.0.0.1");
  EXPECT_EQ(a1.port, 2776);
  EXPECT_EQ(a1.system_id, "smppd_a");
  EXPECT_EQ(a1.password, "a-pw");
  EXPECT_EQ(a1.system_type, "VMA");
  EXPECT_EQ(a1.bind_type, BindType::transmitter);
  EXPECT_EQ(a1.binds, 2u);
  EXPECT_EQ(a1.window, 20u);
  EXPECT_DOUBLE_EQ(a1.max_tps, 50.5);
  EXPECT_TRUE(a1.tls.enabled);
  EXPECT_EQ(a1.tls.ca_file, data_file("config/tls/server.crt"));
  EXPECT_FALSE(a1.tls.verify);
  EXPECT_EQ(a1.tls.server_name, "localhost");
  EXPECT_EQ(a1.enquire_link_interval, 20000ms);
  EXPECT_EQ(a1.response_timeout, 5000ms);
  EXPECT_EQ(a1.reconnect_min, 500ms);
  EXPECT_EQ(a1.reconnect_max, 30000ms);
  EXPECT_EQ(a1.throttle_pause, 2000ms);

  const EndpointConfig& a2 = endpoints[1];
  EXPECT_EQ(a2.address, "localhost");
  EXPECT_EQ(a2.password, "s3cret-b");  // from the file, its trailing newline stripped
  EXPECT_EQ(a2.bind_type, BindType::receiver);
}

TEST_F(ConfigFullExample, RoutesInMatchOrder) {
  ASSERT_EQ(config().routes.size(), 3u);
  const RouteConfig& uk = config().routes[0];
  EXPECT_EQ(uk.name, "uk-mobile");
  EXPECT_THAT(uk.match.destination_prefix, ::testing::ElementsAre("447", "+447"));
  EXPECT_THAT(uk.match.source_prefix, ::testing::ElementsAre("Acme"));
  EXPECT_EQ(uk.match.destination_regex, R"(^44\d{10}$)");  // a lone "$" is no secret reference
  EXPECT_EQ(uk.match.source_regex, "^[A-Za-z]+$");
  EXPECT_EQ(uk.match.service_type, "CMT");
  EXPECT_THAT(uk.match.system_id, ::testing::ElementsAre("demo"));
  EXPECT_EQ(uk.match.data_coding, 8);
  EXPECT_EQ(uk.match.esm_class, 0x40);
  EXPECT_THAT(uk.match.attributes, ::testing::ElementsAre(::testing::Pair("tier", "gold")));
  const auto* weighted = std::get_if<RouteToWeightedClusters>(&uk.action);
  ASSERT_NE(weighted, nullptr);
  ASSERT_EQ(weighted->clusters.size(), 2u);
  EXPECT_EQ(weighted->clusters[0].cluster, "smsc-a");
  EXPECT_EQ(weighted->clusters[0].weight, 70u);
  EXPECT_EQ(weighted->clusters[1].cluster, "mock");
  EXPECT_EQ(weighted->clusters[1].weight, 30u);
  EXPECT_EQ(uk.unanswered.status, 0x45u);
  EXPECT_TRUE(uk.unanswered.retry);

  const auto* reject = std::get_if<RouteReject>(&config().routes[1].action);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->status, 0x0Bu);

  const auto* to_cluster = std::get_if<RouteToCluster>(&config().routes[2].action);
  ASSERT_NE(to_cluster, nullptr);
  EXPECT_EQ(to_cluster->cluster, "mock");
}

TEST_F(ConfigFullExample, SecretsAndPasswordsAreListedForRedaction) {
  EXPECT_THAT(config().sensitive_key_paths,
              ::testing::ElementsAre("clusters[0].endpoints[0].password", "clusters[0].endpoints[1].password",
                                     "listeners[0].filters[0].config.accounts[0].password",
                                     "listeners[0].filters[0].config.accounts[1].password"));
  EXPECT_TRUE(config().is_sensitive("clusters[0].endpoints[1].password"));
  EXPECT_FALSE(config().is_sensitive("clusters[0].endpoints[1].system_id"));
}

}  // namespace
}  // namespace smppd::config
