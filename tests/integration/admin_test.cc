// The admin API (docs/admin-api.md) of the real smppd binary: Envoy's paths, the SMS ones, POST
// for every mutation, the bearer token, and the Prometheus view checked by promtool.
#include <boost/json.hpp>

#include <fstream>

#include "host/codec/command_status.h"
#include "tests/integration/admin_proxy_test.h"
#include "tests/support/test_certificates.h"
#include "tests/support/run_command.h"

namespace smppd::integration {
namespace {

namespace json = boost::json;

constexpr const char* kRouteAll = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";

class AdminTest : public AdminProxyTest {
 protected:
  // smppd with its admin server, and one sink (or more) behind cluster "smsc".
  void start_with_admin(size_t endpoints = 1, const std::string& admin_extra = "") {
    std::vector<EndpointSpec> specs;
    for (size_t i = 0; i < endpoints; ++i) {
      SinkProcess& sink = start_sink();
      ASSERT_TRUE(sink.listening());
      specs.emplace_back("s" + std::to_string(i + 1), sink.port());
    }
    ASSERT_NO_FATAL_FAILURE(AdminProxyTest::start_with_admin(cluster_toml("smsc", specs) + kRouteAll, admin_extra));
  }

  // Endpoints whose binds are all bound: the sink takes messages through each.
  bool all_binds_bound(const std::string& cluster) {
    const json::object listed = cluster_json(cluster);
    for (const json::value& endpoint : listed.at("endpoints").as_array()) {
      for (const json::value& bind : endpoint.at("binds").as_array()) {
        if (bind.at("state").as_string() != "bound") return false;
      }
    }
    return true;
  }
};

TEST_F(AdminTest, ReadyServerInfoListenersPluginsAndClusters) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin());
  const testing::HttpReply ready = get("/ready");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "LIVE\n");

  const json::value info = parse_json(get("/server_info"));
  EXPECT_EQ(info.at("state").as_string(), "LIVE");
  EXPECT_EQ(info.at("version").as_string(), SMPPD_EXPECTED_VERSION);
  EXPECT_EQ(info.at("workers").to_number<int64_t>(), 2);

  const json::value listeners = parse_json(get("/listeners"));
  ASSERT_EQ(listeners.at("listeners").as_array().size(), 1u);
  const json::value& listener = listeners.at("listeners").as_array()[0];
  EXPECT_EQ(listener.at("name").as_string(), "smpp");
  EXPECT_EQ(listener.at("address").as_string(), "127.0.0.1:" + std::to_string(port()));
  EXPECT_TRUE(listener.at("accepting").as_bool());

  const json::value plugins = parse_json(get("/plugins"));
  bool saw_lb = false;
  for (const json::value& plugin : plugins.at("plugins").as_array()) {
    EXPECT_EQ(plugin.at("sha256").as_string().size(), 64u) << json::serialize(plugin);
    EXPECT_FALSE(plugin.at("kinds").as_array().empty());
    saw_lb = saw_lb || plugin.at("name").as_string() == "lb_builtin";
  }
  EXPECT_TRUE(saw_lb) << json::serialize(plugins);

  const json::object cluster = cluster_json("smsc");
  const json::array& endpoints = cluster.at("endpoints").as_array();
  ASSERT_EQ(endpoints.size(), 1u);
  EXPECT_EQ(endpoints[0].at("name").as_string(), "s1");
  EXPECT_FALSE(endpoints[0].at("ejected").as_bool());
  EXPECT_FALSE(endpoints[0].at("binds").as_array().empty());
  const testing::HttpReply text = get("/clusters");
  EXPECT_NE(text.body.find("smsc::s1::healthy::true"), std::string::npos) << text.body;

  // "/" lists every path.
  const testing::HttpReply index = get("/");
  for (const char* path : {"/stats/prometheus", "/config_dump", "/sessions/unbind", "/quitquitquit"}) {
    EXPECT_NE(index.body.find(path), std::string::npos) << path;
  }
}

TEST_F(AdminTest, ConfigDumpRedactsCredentials) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin(1, "token = \"0123456789abcdef-admin\"\n"));
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer 0123456789abcdef-admin"}};
  const testing::HttpReply reply = testing::http_request(admin_port_, "GET", "/config_dump", auth);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::value dump = parse_json(reply);
  const json::value& endpoint = dump.at("config").at("clusters").as_array()[0].at("endpoints").as_array()[0];
  EXPECT_EQ(endpoint.at("password").as_string(), "[redacted]");
  EXPECT_EQ(endpoint.at("system_id").as_string(), "smppd");
  EXPECT_EQ(dump.at("config").at("admin").at("token").as_string(), "[redacted]");
  EXPECT_EQ(reply.body.find("0123456789abcdef-admin"), std::string::npos);
  EXPECT_EQ(reply.body.find("\"pw\""), std::string::npos);
}

TEST_F(AdminTest, BearerTokenIsRequiredWhenSet) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin(1, "token = \"0123456789abcdef-admin\"\n"));
  testing::HttpReply none = get("/server_info");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers["www-authenticate"], "Bearer");
  EXPECT_EQ(testing::http_request(admin_port_, "GET", "/server_info", {{"Authorization", "Bearer wrong-token-wrong-1"}}).status, 401);
  EXPECT_EQ(testing::http_request(admin_port_, "POST", "/quitquitquit", {{"Authorization", "Bearer 0123456789abcdef-admin0"}}).status, 401);
  EXPECT_TRUE(smppd().running());
  EXPECT_EQ(testing::http_request(admin_port_, "GET", "/server_info", {{"Authorization", "Bearer 0123456789abcdef-admin"}}).status, 200);
}

TEST_F(AdminTest, MutationsArePostOnlyAndUnknownPathsAre404) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin());
  for (const char* path : {"/quitquitquit", "/healthcheck/fail", "/drain_listeners", "/sessions/unbind?id=1",
                           "/clusters/suspend?cluster=smsc&endpoint=s1"}) {
    testing::HttpReply reply = get(path);
    EXPECT_EQ(reply.status, 405) << path;
    EXPECT_EQ(reply.headers["allow"], "POST") << path;
  }
  EXPECT_EQ(get("/ready").status, 200) << "a GET changed something";
  EXPECT_TRUE(cluster_json("smsc").at("endpoints").as_array()[0].at("suspended").as_bool() == false);
  testing::HttpReply post_read = post("/stats");
  EXPECT_EQ(post_read.status, 405);
  EXPECT_EQ(post_read.headers["allow"], "GET");
  EXPECT_EQ(get("/no/such/path").status, 404);
  EXPECT_EQ(get("/stats?filter=(unclosed").status, 400);
  EXPECT_TRUE(smppd().running());
}

TEST_F(AdminTest, StatsTextJsonFilterUsedOnlyAndPrometheusPassesPromtool) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin());
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  for (int i = 0; i < 3; ++i) {
    const auto response = client->submit();
    ASSERT_TRUE(response && response->command_status == codec::status::kOk) << testing::describe(response);
  }
  const testing::HttpReply text = get("/stats");
  EXPECT_NE(text.body.find("smppd.cluster.smsc.upstream_rq_total: 3\n"), std::string::npos) << text.body;
  EXPECT_NE(text.body.find("smppd.listener.smpp.bind_success: 1\n"), std::string::npos);
  EXPECT_NE(text.body.find("smppd.cluster.smsc.endpoint.s1.rq_success: 3\n"), std::string::npos);
  EXPECT_NE(text.body.find("smppd.cluster.smsc.upstream_rq_time_us: count=3"), std::string::npos);

  const json::value filtered = parse_json(get("/stats?format=json&filter=%5Esmppd%5C.cluster%5C.smsc%5C.upstream_rq_total%24"));
  ASSERT_EQ(filtered.at("stats").as_array().size(), 1u) << json::serialize(filtered);
  EXPECT_EQ(filtered.at("stats").as_array()[0].at("value").to_number<int64_t>(), 3);

  const testing::HttpReply used = get("/stats?usedonly");
  EXPECT_EQ(used.body.find(": 0\n"), std::string::npos) << "usedonly shows a zero:\n" << used.body;
  EXPECT_NE(used.body.find("upstream_rq_total: 3"), std::string::npos);

  const testing::HttpReply prometheus = get("/stats/prometheus");
  ASSERT_EQ(prometheus.status, 200);
  EXPECT_NE(prometheus.body.find("smppd_cluster_upstream_rq_total{cluster=\"smsc\"} 3\n"), std::string::npos)
      << prometheus.body.substr(0, 2000);
  EXPECT_NE(prometheus.body.find("smppd_cluster_endpoint_rq_success_total{cluster=\"smsc\",endpoint=\"s1\"} 3\n"),
            std::string::npos);
  EXPECT_NE(prometheus.body.find("smppd_cluster_upstream_rq_time_seconds_count{cluster=\"smsc\"} 3\n"), std::string::npos);
  const std::string file = testing::make_temp_dir("prometheus") + "/metrics.txt";
  std::ofstream(file) << prometheus.body;
  const testing::CommandResult check = testing::run_command("promtool check metrics < " + file + " 2>&1");
  EXPECT_EQ(check.exit_code, 0) << "promtool check metrics:\n" << check.output;
}

TEST_F(AdminTest, SessionsListsBoundClientsAndUnbindEndsOne) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin());
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->submit());
  const json::value sessions = parse_json(get("/sessions"));
  ASSERT_EQ(sessions.at("sessions").as_array().size(), 1u) << json::serialize(sessions);
  const json::value& session = sessions.at("sessions").as_array()[0];
  EXPECT_EQ(session.at("system_id").as_string(), "acme");
  EXPECT_EQ(session.at("bind_type").as_string(), "trx");
  EXPECT_EQ(session.at("listener").as_string(), "smpp");
  EXPECT_EQ(session.at("requests").to_number<int64_t>(), 2);  // the bind and the submit
  EXPECT_EQ(session.at("window").to_number<int64_t>(), 32);
  EXPECT_EQ(std::string(session.at("peer").as_string()).rfind("127.0.0.1:", 0), 0u);

  EXPECT_EQ(post("/sessions/unbind?id=999999").status, 404);
  EXPECT_EQ(post("/sessions/unbind").status, 400);
  const std::string id = std::to_string(session.at("id").to_number<uint64_t>());
  ASSERT_EQ(post("/sessions/unbind?id=" + id).status, 200);
  const testing::ReadResult unbind = client->read(5s);
  ASSERT_TRUE(unbind.ok()) << read_status_name(unbind.status);
  EXPECT_EQ(unbind.pdu.command_id, CommandId::unbind);
  codec::Pdu response;
  response.command_id = CommandId::unbind_resp;
  response.sequence_number = unbind.pdu.sequence_number;
  ASSERT_TRUE(client->send(response));
  EXPECT_TRUE(client->wait_closed(5s).closed);
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (!parse_json(get("/sessions")).at("sessions").as_array().empty() &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(parse_json(get("/sessions")).at("sessions").as_array().empty());
}

TEST_F(AdminTest, SuspendedEndpointTakesNoMessagesUntilResumed) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin(2));
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (!all_binds_bound("smsc") && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(all_binds_bound("smsc"));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  ASSERT_EQ(post("/clusters/suspend?cluster=smsc&endpoint=s1").status, 200);
  EXPECT_TRUE(cluster_json("smsc").at("endpoints").as_array()[0].at("suspended").as_bool());
  EXPECT_EQ(post("/clusters/suspend?cluster=smsc&endpoint=nope").status, 404);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client->submit());
  auto successes = [&](size_t endpoint) {
    return cluster_json("smsc").at("endpoints").as_array()[endpoint].at("rq_success").to_number<int64_t>();
  };
  EXPECT_EQ(successes(0), 0);
  EXPECT_EQ(successes(1), 10);
  ASSERT_EQ(post("/clusters/resume?cluster=smsc&endpoint=s1").status, 200);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client->submit());
  EXPECT_GT(successes(0), 0) << "the resumed endpoint took nothing";
}

TEST_F(AdminTest, HealthcheckFailDrainListenersAndQuit) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin());
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  ASSERT_EQ(post("/healthcheck/fail").status, 200);
  const testing::HttpReply failed = get("/ready");
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.body, "HEALTHCHECK_FAILED\n");
  ASSERT_EQ(post("/healthcheck/ok").status, 200);
  EXPECT_EQ(get("/ready").status, 200);

  ASSERT_EQ(post("/drain_listeners").status, 200);
  testing::SmppTestClient refused(port());
  EXPECT_FALSE(refused.connected()) << "a drained listener still accepts";
  const auto response = client->submit();
  EXPECT_TRUE(response && response->command_status == codec::status::kOk) << "a bound session stopped being served";
  const json::value listeners = parse_json(get("/listeners"));
  EXPECT_FALSE(listeners.at("listeners").as_array()[0].at("accepting").as_bool());

  ASSERT_EQ(post("/quitquitquit").status, 200);
  // The bound client is unbound as part of the drain.
  const testing::ReadResult unbind = client->read(5s);
  ASSERT_TRUE(unbind.ok());
  EXPECT_EQ(unbind.pdu.command_id, CommandId::unbind);
  codec::Pdu unbind_resp;
  unbind_resp.command_id = CommandId::unbind_resp;
  unbind_resp.sequence_number = unbind.pdu.sequence_number;
  client->send(unbind_resp);
  EXPECT_EQ(smppd().wait_for_exit(20s), std::optional<int>(0));
}

TEST_F(AdminTest, LoggingLevelsAreReadAndSet) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin());
  const json::value before = parse_json(get("/logging"));
  ASSERT_TRUE(before.at("loggers").as_object().contains("server")) << json::serialize(before);
  const testing::HttpReply set = post("/logging?server=warning");
  ASSERT_EQ(set.status, 200) << set.body;
  const json::value after = parse_json(set);
  EXPECT_EQ(after.at("loggers").at("server").as_string(), "warning");
  EXPECT_EQ(post("/logging?server=loud").status, 400);
  EXPECT_EQ(post("/logging?no_such_logger=info").status, 400);
  const json::value all = parse_json(post("/logging?level=error"));
  for (const auto& [name, level] : all.at("loggers").as_object()) EXPECT_EQ(level.as_string(), "error") << name;
}

TEST_F(AdminTest, TlsServesHttpsWithTheConfiguredCertificate) {
  const std::string dir = testing::make_temp_dir("admin-tls");
  const testing::TestCertificates certificates = testing::make_test_certificates(dir);
  ASSERT_TRUE(certificates.ok()) << certificates.error;
  ASSERT_NO_FATAL_FAILURE(start_with_admin(1, "[admin.tls]\ncert_file = \"" + certificates.server_cert + "\"\nkey_file = \"" +
                                                  certificates.server_key + "\"\n"));
  const std::string url = "https://127.0.0.1:" + std::to_string(admin_port_);
  testing::CommandResult ready;
  const auto until = std::chrono::steady_clock::now() + 10s;
  do {
    ready = testing::run_command("curl -s --max-time 10 --cacert " + certificates.ca_cert + " " + url + "/ready");
  } while (ready.output != "LIVE\n" && std::chrono::steady_clock::now() < until);
  EXPECT_EQ(ready.exit_code, 0);
  EXPECT_EQ(ready.output, "LIVE\n");
  const testing::CommandResult info = testing::run_command("curl -s --max-time 10 --cacert " + certificates.ca_cert +
                                                           " " + url + "/server_info");
  EXPECT_NE(info.output.find("\"state\":\"LIVE\""), std::string::npos) << info.output;
  // Plain HTTP to the TLS port gets no answer.
  EXPECT_EQ(get("/ready").status, 0);
}

TEST_F(AdminTest, PluginsServeTheirOwnPathsThroughTheAbi) {
  ASSERT_NO_FATAL_FAILURE(start_with_admin());
  // test_delay (tests/integration/plugins) registers GET held and POST reset at init.
  testing::HttpReply held = get("/plugins/test_delay/held?x=1");
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.headers["content-type"], "application/json");
  const json::value body = parse_json(held);
  EXPECT_EQ(body.at("held").to_number<int64_t>(), 0);
  EXPECT_EQ(body.at("query").as_string(), "x=1");
  EXPECT_EQ(get("/plugins/test_delay/reset").status, 405);
  testing::HttpReply reset = post("/plugins/test_delay/reset");
  EXPECT_EQ(reset.status, 200);
  EXPECT_EQ(reset.body, "reset\n");
  EXPECT_EQ(reset.headers["content-type"], "text/plain");
  EXPECT_NE(get("/").body.find("/plugins/test_delay/held"), std::string::npos);
}

}  // namespace
}  // namespace smppd::integration
