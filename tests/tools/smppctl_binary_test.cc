// The smppctl binary against an in-test admin server on 127.0.0.1 that answers canned JSON in the
// shapes of docs/admin-api.md: what it prints, its exit code, and the method, path, query and
// bearer token of what it sent.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/support/smppd_process.h"
#include "tests/tools/fake_admin_server.h"
#include "tests/tools/tool_process.h"

namespace smppd::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kTokenVariable = "SMPPD_ADMIN_TOKEN";

// Sets an environment variable for the children the test starts; restores the old value after.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name); old != nullptr) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnvironment() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class SmppctlBinaryTest : public ::testing::Test {
 protected:
  ToolResult smppctl(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {SMPPCTL_BINARY, "--admin", server_.address()});
    return run_tool(std::move(arguments), 30s);
  }

  // A token in the developer's shell must not reach these runs.
  ScopedEnvironment no_token_{kTokenVariable, nullptr};
  FakeAdminServer server_;
};

TEST_F(SmppctlBinaryTest, ClustersPrintsATableAndSendsTheBearerToken) {
  server_.answer("/clusters", {200, R"({"clusters":[{"name":"sms","lb_policy":"round_robin","endpoints":[
      {"name":"smsc-a","address":"127.0.0.1:2775","suspended":false,"ejected":false,"rq_success":120,
       "rq_error":2,"rq_timeout":0,"binds":[{"id":"b0","bind_type":"trx","state":"bound","in_flight":3,
       "window":10}]}]}]})"});
  const ToolResult result = smppctl({"--token", "s3cret", "clusters"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("CLUSTER  LB           ENDPOINT  ADDRESS         STATE   BINDS  SUCCESS  ERROR  TIMEOUT\n"
                               "sms      round_robin  smsc-a    127.0.0.1:2775  active      1      120      2        0\n"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("b0    trx   bound"), std::string::npos) << result.output;
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/clusters?format=json");
  EXPECT_EQ(requests[0].authorization, "Bearer s3cret");
}

TEST_F(SmppctlBinaryTest, JsonPrintsTheServersAnswerAsItCame) {
  const std::string body = R"({"sessions":[{"id":1,"system_id":"shop"}]})";
  server_.answer("/sessions", {200, body});
  const ToolResult result = smppctl({"sessions", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, body + "\n");
  ASSERT_EQ(server_.requests().size(), 1u);
  EXPECT_EQ(server_.requests()[0].target, "/sessions");
  EXPECT_EQ(server_.requests()[0].authorization, "") << "no token given, none sent";
}

TEST_F(SmppctlBinaryTest, StatsSendsTheRegexAsAnEncodedFilter) {
  server_.answer("/stats", {200, R"({"stats":[{"name":"smppd.cluster.sms.upstream_rq_total","type":"counter",
      "value":42}]})"});
  const ToolResult result = smppctl({"stats", "cluster\\.sms\\.(upstream_rq_total|x)"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("smppd.cluster.sms.upstream_rq_total  counter     42"), std::string::npos)
      << result.output;
  ASSERT_EQ(server_.requests().size(), 1u);
  EXPECT_EQ(server_.requests()[0].method, "GET");
  EXPECT_EQ(server_.requests()[0].target, "/stats?format=json&filter=cluster%5C.sms%5C.%28upstream_rq_total%7Cx%29");
}

TEST_F(SmppctlBinaryTest, StatusAsksServerInfoAndReadyAndADrainingServerIsNoError) {
  server_.answer("/server_info", {200, R"({"version":"0.4.0","state":"DRAINING","uptime_s":3725,"node":"sms-1",
      "workers":2,"config_file":"smppd.toml","base_id":0,"restart_epoch":0,"abi":"1.2"})"});
  server_.answer("/ready", {503, "DRAINING\n", "text/plain"});
  const ToolResult result = smppctl({"status"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("state          DRAINING\nready          503 DRAINING\nversion        0.4.0\n"
                               "uptime         1h 2m 5s\n"),
            std::string::npos)
      << result.output;
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method + " " + requests[0].target, "GET /server_info");
  EXPECT_EQ(requests[1].method + " " + requests[1].target, "GET /ready");

  const ToolResult json = smppctl({"status", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_NE(json.output.find(R"("ready":{"status":503,"state":"DRAINING"})"), std::string::npos) << json.output;
  EXPECT_NE(json.output.find(R"("server_info":{"version":"0.4.0")"), std::string::npos) << json.output;
}

TEST_F(SmppctlBinaryTest, MutationsArePostsWithTheirQueryAndTheTokenFromTheEnvironment) {
  const ScopedEnvironment token(kTokenVariable, "from-env");
  for (const char* path : {"/sessions/unbind", "/drain_listeners", "/logging", "/clusters/suspend",
                           "/clusters/resume", "/quitquitquit"}) {
    server_.answer(path, {200, "OK\n", "text/plain"});
  }
  server_.answer("/reload", {200, R"({"ok":true,"error":null})"});
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"unbind", "17"}, "/sessions/unbind?id=17"},
      {{"drain"}, "/drain_listeners"},
      {{"drain", "--graceful"}, "/drain_listeners?graceful"},
      {{"log-level", "debug"}, "/logging?level=debug"},
      {{"log-level", "router", "trace"}, "/logging?router=trace"},
      {{"suspend", "sms", "smsc-a"}, "/clusters/suspend?cluster=sms&endpoint=smsc-a"},
      {{"resume", "sms", "smsc-a"}, "/clusters/resume?cluster=sms&endpoint=smsc-a"},
      {{"reload"}, "/reload"},
      {{"quit"}, "/quitquitquit"},
  };
  for (const auto& [arguments, target] : cases) {
    const ToolResult result = smppctl(arguments);
    EXPECT_EQ(result.exit_code, 0) << target << ": " << result.output;
  }
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(requests[i].method, "POST") << cases[i].second;
    EXPECT_EQ(requests[i].target, cases[i].second);
    EXPECT_EQ(requests[i].authorization, "Bearer from-env") << cases[i].second;
    EXPECT_EQ(requests[i].content_length, "0") << cases[i].second;
  }
}

TEST_F(SmppctlBinaryTest, ARefusedReloadExitsOneWithTheReason) {
  server_.answer("/reload", {200, R"({"ok":false,"error":"smppd.toml:3: unknown key 'lisener'"})"});
  const ToolResult result = smppctl({"reload"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("reload failed: smppd.toml:3: unknown key 'lisener'"), std::string::npos)
      << result.output;
}

TEST_F(SmppctlBinaryTest, AnHttpErrorPrintsStatusAndBodyAndExitsOne) {
  server_.answer("/sessions", {401, R"({"error":"missing or wrong bearer token"})"});
  const ToolResult unauthorized = smppctl({"--token", "wrong", "sessions"});
  EXPECT_EQ(unauthorized.exit_code, 1) << unauthorized.output;
  EXPECT_NE(unauthorized.output.find("GET /sessions on " + server_.address() + ": 401 Unauthorized"),
            std::string::npos)
      << unauthorized.output;
  EXPECT_NE(unauthorized.output.find(R"({"error":"missing or wrong bearer token"})"), std::string::npos)
      << unauthorized.output;

  server_.answer("/stats", {400, R"({"error":"filter: missing ): ("})"});
  const ToolResult bad_regex = smppctl({"stats", "("});
  EXPECT_EQ(bad_regex.exit_code, 1) << bad_regex.output;
  EXPECT_NE(bad_regex.output.find("400 Bad Request"), std::string::npos) << bad_regex.output;
  EXPECT_NE(bad_regex.output.find("filter: missing )"), std::string::npos) << bad_regex.output;

  server_.answer("/quitquitquit", {500, "shutting down failed\n", "text/plain"});
  const ToolResult failed = smppctl({"quit"});
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  EXPECT_NE(failed.output.find("500 Internal Server Error\nshutting down failed\n"), std::string::npos)
      << failed.output;
}

TEST_F(SmppctlBinaryTest, AnAnswerThatIsNotTheContractsJsonIsAnError) {
  server_.answer("/clusters", {200, "sms::smsc-a::rq_success::120\n", "text/plain"});
  const ToolResult result = smppctl({"clusters"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("answered no JSON"), std::string::npos) << result.output;
}

TEST(SmppctlBinaryErrorsTest, ConnectionRefusedNamesTheAddress) {
  const std::string address = "127.0.0.1:" + std::to_string(free_port());
  const ToolResult result = run_tool({SMPPCTL_BINARY, "--admin", address, "status"}, 30s);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("cannot connect to " + address + ": Connection refused"), std::string::npos)
      << result.output;
}

TEST(SmppctlBinaryErrorsTest, AServerThatNeverAnswersTimesOut) {
  // Listening but never accepting: the kernel completes the connect, nobody reads the request.
  boost::asio::io_context context;
  boost::asio::ip::tcp::acceptor silent(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string address = "127.0.0.1:" + std::to_string(silent.local_endpoint().port());
  const auto started = std::chrono::steady_clock::now();
  const ToolResult result = run_tool({SMPPCTL_BINARY, "--admin", address, "--timeout", "0.5", "sessions"}, 30s);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("no answer from " + address + ": timed out"), std::string::npos) << result.output;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(SmppctlBinaryErrorsTest, AWrongCommandLineExitsTwo) {
  const ToolResult result = run_tool({SMPPCTL_BINARY, "suspend", "only-a-cluster"}, 30s);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("usage: smppctl suspend CLUSTER ENDPOINT"), std::string::npos) << result.output;
  EXPECT_EQ(run_tool({SMPPCTL_BINARY, "--help"}, 30s).exit_code, 0);
}

}  // namespace
}  // namespace smppd::testing
