#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>

#include "host/config/config_loader.h"
#include "tests/host/config/error_texts.h"
#include "tests/support/test_data.h"

namespace smppd::config {
namespace {

using namespace std::chrono_literals;

// Only what is required: every other value comes from a default.
constexpr std::string_view kMinimal = R"([[listeners]]
name = "a"
address = "127.0.0.1"
port = 0

[[listeners.filters]]
name = "auth"

[[clusters]]
name = "smsc"

[[clusters.endpoints]]
name = "primary"
address = "127.0.0.1"
port = 2776
system_id = "smppd"

[[routes]]
name = "all"
cluster = "smsc"
)";

class ConfigDefaults : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = load_config_text(kMinimal, "defaults.toml", SecretResolver::from_map({}));
    ASSERT_THAT(testing::error_texts(result_.errors), ::testing::IsEmpty());
    ASSERT_TRUE(result_.config.has_value());
  }

  const Config& config() const { return *result_.config; }

  LoadResult result_;
};

TEST_F(ConfigDefaults, NodeIdIsTheHostName) {
  std::array<char, 256> host{};
  ASSERT_EQ(::gethostname(host.data(), host.size() - 1), 0);
  EXPECT_EQ(config().node.id, host.data());
}

TEST_F(ConfigDefaults, AdminPluginsAndRouter) {
  EXPECT_EQ(config().admin.address, "127.0.0.1");
  EXPECT_EQ(config().admin.port, 9901);
  EXPECT_TRUE(config().admin.enabled);
  EXPECT_TRUE(config().plugins.dirs.empty());
  EXPECT_EQ(config().plugins.blocking_threads, 2u);
  EXPECT_EQ(config().plugins.blocking_queue, 1024u);
  EXPECT_EQ(config().router.no_route_status, 0x0Bu);
  EXPECT_EQ(config().router.mo_no_route_status, 0x65u);
  EXPECT_TRUE(config().mo_routes.empty());
  EXPECT_EQ(config().source_file, "defaults.toml");
  EXPECT_TRUE(config().sensitive_key_paths.empty());
}

TEST_F(ConfigDefaults, Listener) {
  ASSERT_EQ(config().listeners.size(), 1u);
  const ListenerConfig& listener = config().listeners[0];
  EXPECT_EQ(listener.max_connections, 10000u);
  EXPECT_EQ(listener.max_connections_per_ip, 100u);
  EXPECT_FALSE(listener.allow_unauthenticated);
  EXPECT_EQ(listener.warm_timeout, 10000ms);
  EXPECT_FALSE(listener.tls.has_value());
  EXPECT_EQ(listener.session.bind_timeout, 5000ms);
  EXPECT_EQ(listener.session.enquire_link_interval, 30000ms);
  EXPECT_EQ(listener.session.inactivity_timeout, 120000ms);
  EXPECT_EQ(listener.session.response_timeout, 10000ms);
  EXPECT_EQ(listener.session.window, 10u);
  EXPECT_EQ(listener.session.max_command_length, 16384u);
  EXPECT_EQ(listener.session.max_password_length, 9u);
  EXPECT_EQ(listener.session.max_consecutive_errors, 5u);
  EXPECT_DOUBLE_EQ(listener.bind_throttle.attempts_per_second, 20.0);
  EXPECT_EQ(listener.bind_throttle.burst, 40u);
}

TEST_F(ConfigDefaults, ListenerTls) {
  const LoadResult result = load_config_text(
      "[[listeners]]\nname = \"a\"\naddress = \"127.0.0.1\"\nport = 0\n"
      "tls = { cert_file = \"tls/server.crt\", key_file = \"tls/server.key\" }\n",
      smppd::testing::test_data_path("config/inline.toml"), SecretResolver::from_map({}));
  ASSERT_THAT(testing::error_texts(result.errors), ::testing::IsEmpty());
  const ListenerTlsConfig& tls = *result.config->listeners[0].tls;
  EXPECT_EQ(tls.client_ca_file, std::nullopt);
  EXPECT_FALSE(tls.require_client_cert);
  EXPECT_EQ(tls.min_version, TlsVersion::v1_2);
}

TEST_F(ConfigDefaults, Filter) {
  const FilterConfig& filter = config().listeners[0].filters[0];
  EXPECT_EQ(filter.timeout, 2000ms);
  EXPECT_EQ(filter.failure_mode, FailureMode::closed);
  EXPECT_EQ(filter.failure_status, std::nullopt);
  EXPECT_EQ(filter.config.json, "{}");
  ASSERT_NE(filter.config.table, nullptr);
  EXPECT_TRUE(filter.config.table->empty());
  EXPECT_EQ(filter.config.key_path, "listeners[0].filters[0].config");
  // Left out: the filter's own table is where a schema error about it points.
  EXPECT_EQ(filter.config.where.line, 6u);
}

TEST_F(ConfigDefaults, Cluster) {
  ASSERT_EQ(config().clusters.size(), 1u);
  const ClusterConfig& cluster = config().clusters[0];
  EXPECT_EQ(cluster.lb_policy, "round_robin");
  EXPECT_EQ(cluster.lb_config.json, "{}");
  EXPECT_EQ(cluster.upstream, "smpp");
  EXPECT_EQ(cluster.upstream_config.json, "{}");
  EXPECT_EQ(cluster.health_check.plugin, "enquire_link");
  EXPECT_EQ(cluster.health_check.interval, 10000ms);
  EXPECT_EQ(cluster.health_check.timeout, 3000ms);
  EXPECT_EQ(cluster.health_check.unhealthy_threshold, 3u);
  EXPECT_EQ(cluster.health_check.healthy_threshold, 2u);
  EXPECT_EQ(cluster.outlier.consecutive_errors, 5u);
  EXPECT_EQ(cluster.outlier.base_ejection, 30000ms);
  EXPECT_EQ(cluster.outlier.max_ejection_percent, 50u);
  EXPECT_EQ(cluster.circuit_breaker.max_pending, 10000u);
  EXPECT_EQ(cluster.circuit_breaker.max_in_flight, 10000u);
  EXPECT_EQ(cluster.circuit_breaker.status, 0x58u);
}

TEST_F(ConfigDefaults, Endpoint) {
  const EndpointConfig& endpoint = config().clusters[0].endpoints.at(0);
  EXPECT_EQ(endpoint.password, "");
  EXPECT_EQ(endpoint.system_type, "");
  EXPECT_EQ(endpoint.bind_type, BindType::transceiver);
  EXPECT_EQ(endpoint.binds, 1u);
  EXPECT_EQ(endpoint.window, 10u);
  EXPECT_DOUBLE_EQ(endpoint.max_tps, 0.0);
  EXPECT_FALSE(endpoint.tls.enabled);
  EXPECT_EQ(endpoint.tls.ca_file, std::nullopt);
  EXPECT_TRUE(endpoint.tls.verify);
  EXPECT_EQ(endpoint.tls.server_name, "");
  EXPECT_EQ(endpoint.enquire_link_interval, 30000ms);
  EXPECT_EQ(endpoint.response_timeout, 10000ms);
  EXPECT_EQ(endpoint.reconnect_min, 1000ms);
  EXPECT_EQ(endpoint.reconnect_max, 60000ms);
  EXPECT_EQ(endpoint.throttle_pause, 1000ms);
}

TEST_F(ConfigDefaults, RouteMatchesEverything) {
  ASSERT_EQ(config().routes.size(), 1u);
  const RouteMatch& match = config().routes[0].match;
  EXPECT_TRUE(match.destination_prefix.empty());
  EXPECT_TRUE(match.source_prefix.empty());
  EXPECT_EQ(match.destination_regex, "");
  EXPECT_EQ(match.source_regex, "");
  EXPECT_EQ(match.service_type, "");
  EXPECT_TRUE(match.system_id.empty());
  EXPECT_EQ(match.data_coding, std::nullopt);
  EXPECT_EQ(match.esm_class, std::nullopt);
  EXPECT_TRUE(match.attributes.empty());
  const auto* to_cluster = std::get_if<RouteToCluster>(&config().routes[0].action);
  ASSERT_NE(to_cluster, nullptr);
  EXPECT_EQ(to_cluster->cluster, "smsc");
  EXPECT_EQ(config().routes[0].unanswered.status, 0x08u);  // ESME_RSYSERR
  EXPECT_FALSE(config().routes[0].unanswered.retry);
}

}  // namespace
}  // namespace smppd::config
