// Operating the real binary: the access log, what systemd hears (sd_notify), smppctl against the
// admin API, and a drain under traffic that answers every submit.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <csignal>
#include <fstream>

#include "host/codec/command_status.h"
#include "tests/integration/admin_proxy_test.h"
#include "tests/support/run_command.h"
#include "tests/tools/tool_process.h"

namespace smppd::integration {
namespace {

namespace json = boost::json;
namespace status = codec::status;

constexpr const char* kRouteAll = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class OperationsTest : public AdminProxyTest {};

TEST_F(OperationsTest, TheAccessLogHasOneJsonLinePerMessage) {
  SinkProcess& sink = start_sink();
  ASSERT_TRUE(sink.listening());
  const std::string file = testing::make_temp_dir("access") + "/access.log";
  const std::string routes = "[[routes]]\nname = \"german\"\nmatch.destination_prefix = [\"49\"]\ncluster = \"smsc\"\n";
  ASSERT_NO_FATAL_FAILURE(
      start_proxy("[access_log]\npath = \"" + file + "\"\nformat = \"json\"\n" + cluster_toml("smsc", {{"s1", sink.port()}}) + routes));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  const auto accepted = client->submit("4915112345678", "hello");
  ASSERT_TRUE(accepted && accepted->command_status == status::kOk);
  const auto refused = client->submit("3361234567", "no route for France");
  ASSERT_TRUE(refused && refused->command_status == status::kInvDstAdr);

  std::vector<json::value> lines;
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (lines.size() < 2 && std::chrono::steady_clock::now() < until) {
    lines.clear();
    std::istringstream text(read_file(file));
    for (std::string line; std::getline(text, line);) lines.push_back(json::parse(line));
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(lines.size(), 2u) << read_file(file);
  EXPECT_EQ(lines[0].at("client").as_string(), "acme");
  EXPECT_EQ(lines[0].at("route").as_string(), "german");
  EXPECT_EQ(lines[0].at("cluster").as_string(), "smsc");
  EXPECT_EQ(lines[0].at("endpoint").as_string(), "s1");
  EXPECT_EQ(lines[0].at("smppd_id").as_string(), accepted->message_id);
  EXPECT_FALSE(lines[0].at("upstream_id").as_string().empty());
  EXPECT_EQ(lines[0].at("status").to_number<int64_t>(), 0);
  EXPECT_GE(lines[0].at("latency_ms").to_number<double>(), 0.0);
  EXPECT_EQ(lines[0].at("parts").to_number<int64_t>(), 1);
  EXPECT_EQ(lines[1].at("destination").as_string(), "3361234567");
  EXPECT_EQ(lines[1].at("route").as_string(), "");
  EXPECT_EQ(lines[1].at("status").to_number<int64_t>(), status::kInvDstAdr);
}

// A datagram socket standing in for systemd's notify socket.
class NotifySocket {
 public:
  NotifySocket() : path_(testing::make_temp_dir("notify") + "/notify.sock") {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", path_.c_str());
    bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    timeval timeout{0, 100000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~NotifySocket() { ::close(fd_); }

  bool bound() const { return bound_; }
  const std::string& path() const { return path_; }
  // Every message that arrives within `timeout`, until one contains `until`.
  std::vector<std::string> read_until(const std::string& until, Millis timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) continue;
      messages_.emplace_back(buffer, static_cast<size_t>(n));
      if (messages_.back().find(until) != std::string::npos) break;
    }
    return messages_;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
  std::vector<std::string> messages_;
};

TEST_F(OperationsTest, SystemdHearsReadyReloadingAndStopping) {
  NotifySocket notify;
  ASSERT_TRUE(notify.bound());
  ::setenv("NOTIFY_SOCKET", notify.path().c_str(), 1);  // inherited by smppd
  SinkProcess& sink = start_sink();
  ASSERT_TRUE(sink.listening());
  start_with_admin(cluster_toml("smsc", {{"s1", sink.port()}}) + kRouteAll);
  ::unsetenv("NOTIFY_SOCKET");
  ASSERT_FALSE(HasFatalFailure());
  // An upstream bind (the sink is a process of its own) must not inherit it: only smppd reports.
  EXPECT_EQ(notify.read_until("READY=1", 5s).back(), "READY=1");
  ASSERT_EQ(post("/reload").status, 200);
  const auto after_reload = notify.read_until("READY=1", 5s);
  ASSERT_GE(after_reload.size(), 3u);
  EXPECT_EQ(after_reload[1].rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u) << after_reload[1];
  EXPECT_EQ(after_reload[2], "READY=1");
  ASSERT_TRUE(smppd().send_signal(SIGTERM));
  const auto at_stop = notify.read_until("STOPPING=1", 5s);
  EXPECT_EQ(at_stop.back(), "STOPPING=1");
  EXPECT_EQ(smppd().wait_for_exit(20s), std::optional<int>(0));
}

TEST_F(OperationsTest, SmppctlReadsAndDrivesTheRunningServer) {
  SinkProcess& sink = start_sink();
  ASSERT_TRUE(sink.listening());
  ASSERT_NO_FATAL_FAILURE(start_with_admin(cluster_toml("smsc", {{"s1", sink.port()}}) + kRouteAll));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->submit());
  auto smppctl = [&](const std::string& arguments) {
    return testing::run_command(std::string(SMPPCTL_BINARY) + " --admin 127.0.0.1:" + std::to_string(admin_port_) + " " +
                                arguments + " 2>&1");
  };
  const testing::CommandResult status_out = smppctl("status");
  EXPECT_EQ(status_out.exit_code, 0) << status_out.output;
  EXPECT_NE(status_out.output.find("LIVE"), std::string::npos) << status_out.output;
  const testing::CommandResult clusters = smppctl("clusters");
  EXPECT_EQ(clusters.exit_code, 0) << clusters.output;
  EXPECT_NE(clusters.output.find("smsc"), std::string::npos) << clusters.output;
  EXPECT_NE(clusters.output.find("s1"), std::string::npos) << clusters.output;
  const testing::CommandResult sessions = smppctl("sessions");
  EXPECT_EQ(sessions.exit_code, 0) << sessions.output;
  EXPECT_NE(sessions.output.find("acme"), std::string::npos) << sessions.output;
  const testing::CommandResult stats = smppctl("stats upstream_rq_total");
  EXPECT_NE(stats.output.find("smppd.cluster.smsc.upstream_rq_total"), std::string::npos) << stats.output;
  EXPECT_EQ(smppctl("log-level server debug").exit_code, 0);
  EXPECT_EQ(get_json("/logging").at("loggers").at("server").as_string(), "debug");
  const testing::CommandResult reload = smppctl("reload");
  EXPECT_EQ(reload.exit_code, 0) << reload.output;
  EXPECT_EQ(stat("smppd.server.reload_success"), 1);
  EXPECT_EQ(smppctl("suspend smsc s1").exit_code, 0);
  EXPECT_TRUE(cluster_json("smsc").at("endpoints").as_array()[0].at("suspended").as_bool());
  EXPECT_EQ(smppctl("resume smsc s1").exit_code, 0);
  EXPECT_EQ(smppctl("suspend smsc nope").exit_code, 1);
}

TEST_F(OperationsTest, DrainUnderTrafficAnswersEverySubmit) {
  SinkProcess& sink = start_sink();
  ASSERT_TRUE(sink.listening());
  options_.drain_time_s = 5;
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"s1", sink.port(), "window = 64\n"}}) + kRouteAll));
  testing::ToolProcess bench({SMPP_BENCH_BINARY, "load", "--port", std::to_string(port()), "--system-id", "bench",
                              "--password", "pw", "--connections", "4", "--window", "16", "--rate", "1000",
                              "--duration", "4", "--response-timeout-ms", "5000", "--json"});
  ASSERT_TRUE(bench.started()) << bench.start_error();
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(smppd().send_signal(SIGTERM));
  EXPECT_EQ(smppd().wait_for_exit(20s), std::optional<int>(0));
  ASSERT_EQ(bench.wait_for_exit(30s).has_value(), true);
  const std::string report = bench.output();
  auto number = [&](const std::string& key) -> int64_t {
    const std::string quoted = "\"" + key + "\":";
    const size_t at = report.find(quoted);
    return at == std::string::npos ? -1 : std::strtoll(report.c_str() + at + quoted.size(), nullptr, 10);
  };
  const int64_t sent = number("sent");
  std::cout << "drain under traffic: sent " << sent << ", answered " << number("acknowledged") << ", ok " << number("ok")
            << ", unanswered " << number("unanswered") << "\n";
  EXPECT_GT(sent, 500) << report;
  EXPECT_EQ(number("acknowledged"), sent) << report;
  EXPECT_EQ(number("ok"), sent) << "a submit sent before the unbind was refused:\n" << report;
  EXPECT_EQ(number("unanswered"), 0) << report;
  ASSERT_EQ(sink.stop(), std::optional<int>(0));
  EXPECT_EQ(static_cast<int64_t>(sink.total("submits").value_or(0)), sent);
}

}  // namespace
}  // namespace smppd::integration
