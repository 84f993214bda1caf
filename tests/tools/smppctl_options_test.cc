// smppctl's command line: global options anywhere, each command's arguments, the token from the
// environment, and the usage errors that exit 2.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "tools/smppctl/ctl_options.h"
#include "tools/smppctl/ctl_run.h"

namespace smppd::tools::ctl {
namespace {

using Arguments = std::vector<std::string>;

CtlOptions parse_ok(const Arguments& arguments, const std::optional<std::string>& environment_token = std::nullopt) {
  const CtlParseResult result = parse_ctl_options(arguments, environment_token);
  EXPECT_TRUE(result.options.has_value()) << result.error;
  return result.options.value_or(CtlOptions{});
}

TEST(SmppctlOptionsTest, DefaultsToLoopbackAdminPortWithoutTokenAndTables) {
  const CtlOptions options = parse_ok({"status"});
  EXPECT_EQ(options.command, CtlCommand::status);
  EXPECT_EQ(options.admin_host, "127.0.0.1");
  EXPECT_EQ(options.admin_port, 9901);
  EXPECT_EQ(options.token, "");
  EXPECT_FALSE(options.json);
  EXPECT_EQ(options.timeout, std::chrono::seconds(10));
}

TEST(SmppctlOptionsTest, ReadsAdminAddressInBothSpellingsAndIpv6InBrackets) {
  EXPECT_EQ(parse_ok({"--admin", "127.0.0.1:19901", "status"}).admin_port, 19901);
  const CtlOptions equals = parse_ok({"--admin=localhost:8080", "status"});
  EXPECT_EQ(equals.admin_host, "localhost");
  EXPECT_EQ(equals.admin_port, 8080);
  const CtlOptions ipv6 = parse_ok({"--admin", "[::1]:9901", "status"});
  EXPECT_EQ(ipv6.admin_host, "::1");
  EXPECT_EQ(ipv6.admin_port, 9901);
}

TEST(SmppctlOptionsTest, OptionsMayFollowTheCommand) {
  const CtlOptions options = parse_ok({"clusters", "--json", "--timeout", "2.5"});
  EXPECT_EQ(options.command, CtlCommand::clusters);
  EXPECT_TRUE(options.json);
  EXPECT_EQ(options.timeout, std::chrono::milliseconds(2500));
}

TEST(SmppctlOptionsTest, TokenComesFromTheEnvironmentUnlessGivenOnTheCommandLine) {
  EXPECT_EQ(parse_ok({"status"}, "from-env").token, "from-env");
  EXPECT_EQ(parse_ok({"--token", "from-flag", "status"}, "from-env").token, "from-flag");
  EXPECT_EQ(parse_ok({"--token=t", "status"}).token, "t");
}

TEST(SmppctlOptionsTest, ReadsEachCommandsArguments) {
  EXPECT_EQ(parse_ok({"stats"}).stats_filter, "");
  EXPECT_EQ(parse_ok({"stats", "cluster\\.sms\\."}).stats_filter, "cluster\\.sms\\.");
  EXPECT_EQ(parse_ok({"stats", "--", "-odd"}).stats_filter, "-odd");
  EXPECT_EQ(parse_ok({"unbind", "42"}).session_id, "42");
  EXPECT_FALSE(parse_ok({"drain"}).graceful);
  EXPECT_TRUE(parse_ok({"drain", "--graceful"}).graceful);

  const CtlOptions all_loggers = parse_ok({"log-level", "debug"});
  EXPECT_EQ(all_loggers.command, CtlCommand::log_level);
  EXPECT_EQ(all_loggers.logger, "");
  EXPECT_EQ(all_loggers.level, "debug");
  const CtlOptions one_logger = parse_ok({"log-level", "router", "warning"});
  EXPECT_EQ(one_logger.logger, "router");
  EXPECT_EQ(one_logger.level, "warning");

  const CtlOptions suspend = parse_ok({"suspend", "sms", "smsc-a"});
  EXPECT_EQ(suspend.command, CtlCommand::suspend);
  EXPECT_EQ(suspend.cluster, "sms");
  EXPECT_EQ(suspend.endpoint, "smsc-a");
  EXPECT_EQ(parse_ok({"resume", "sms", "smsc-a"}).command, CtlCommand::resume);
  EXPECT_EQ(parse_ok({"quit"}).command, CtlCommand::quit);
  EXPECT_EQ(parse_ok({"reload"}).command, CtlCommand::reload);
  EXPECT_EQ(parse_ok({"sessions"}).command, CtlCommand::sessions);
}

TEST(SmppctlOptionsTest, HelpIsNotAnError) {
  const CtlParseResult result = parse_ctl_options({"--help"}, std::nullopt);
  EXPECT_FALSE(result.options.has_value());
  EXPECT_NE(result.help_text.find("usage: smppctl"), std::string::npos);
  EXPECT_NE(result.help_text.find("log-level [LOGGER] LEVEL"), std::string::npos);
}

// "smppctl a b": how a case reads in test names and failures.
std::string joined(const Arguments& arguments) {
  std::string text = "smppctl";
  for (const std::string& argument : arguments) text += " " + argument;
  return text;
}

struct BadCommandLine {
  Arguments arguments;
  std::string error_contains;
  friend void PrintTo(const BadCommandLine& line, std::ostream* out) { *out << joined(line.arguments); }
};

class SmppctlBadCommandLineTest : public ::testing::TestWithParam<BadCommandLine> {};

TEST_P(SmppctlBadCommandLineTest, IsRefusedWithAReason) {
  const CtlParseResult result = parse_ctl_options(GetParam().arguments, std::nullopt);
  EXPECT_FALSE(result.options.has_value());
  EXPECT_TRUE(result.help_text.empty());
  EXPECT_NE(result.error.find(GetParam().error_contains), std::string::npos) << result.error;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SmppctlBadCommandLineTest,
    ::testing::Values(BadCommandLine{{}, "no command"}, BadCommandLine{{"frobnicate"}, "unknown command 'frobnicate'"},
                      BadCommandLine{{"--verbose", "status"}, "unknown option --verbose"},
                      BadCommandLine{{"status", "--admin"}, "--admin needs a value"},
                      BadCommandLine{{"--admin", "127.0.0.1", "status"}, "expected HOST:PORT"},
                      BadCommandLine{{"--admin", "127.0.0.1:0", "status"}, "expected HOST:PORT"},
                      BadCommandLine{{"--admin", "127.0.0.1:65536", "status"}, "expected HOST:PORT"},
                      BadCommandLine{{"--admin", "::1:9901", "status"}, "expected HOST:PORT"},
                      BadCommandLine{{"--timeout", "0", "status"}, "--timeout"},
                      BadCommandLine{{"--timeout", "soon", "status"}, "--timeout"},
                      BadCommandLine{{"status", "extra"}, "usage: smppctl status"},
                      BadCommandLine{{"stats", "a", "b"}, "usage: smppctl stats [REGEX]"},
                      BadCommandLine{{"unbind"}, "usage: smppctl unbind ID"},
                      BadCommandLine{{"log-level"}, "usage: smppctl log-level [LOGGER] LEVEL"},
                      BadCommandLine{{"log-level", "loud"}, "unknown level 'loud'"},
                      BadCommandLine{{"log-level", "warn"}, "unknown level 'warn'"},
                      BadCommandLine{{"suspend", "sms"}, "usage: smppctl suspend CLUSTER ENDPOINT"},
                      BadCommandLine{{"resume", "sms", "a", "b"}, "usage: smppctl resume CLUSTER ENDPOINT"},
                      BadCommandLine{{"status", "--graceful"}, "--graceful goes with drain only"}));

// The method and target behind each command, as the admin API contract has them.
struct CommandRequest {
  Arguments arguments;
  HttpMethod method;
  std::string target;
  friend void PrintTo(const CommandRequest& request, std::ostream* out) { *out << joined(request.arguments); }
};

class SmppctlRequestTest : public ::testing::TestWithParam<CommandRequest> {};

TEST_P(SmppctlRequestTest, ReadsAreGetAndMutationsArePost) {
  const AdminRequest request = request_for(parse_ok(GetParam().arguments));
  EXPECT_EQ(request.method, GetParam().method);
  EXPECT_EQ(request.target, GetParam().target);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SmppctlRequestTest,
    ::testing::Values(
        CommandRequest{{"status"}, HttpMethod::get, "/server_info"},
        CommandRequest{{"stats"}, HttpMethod::get, "/stats?format=json"},
        CommandRequest{{"stats", "rq_(total|error) x"}, HttpMethod::get,
                       "/stats?format=json&filter=rq_%28total%7Cerror%29%20x"},
        CommandRequest{{"clusters"}, HttpMethod::get, "/clusters?format=json"},
        CommandRequest{{"sessions"}, HttpMethod::get, "/sessions"},
        CommandRequest{{"unbind", "7&x"}, HttpMethod::post, "/sessions/unbind?id=7%26x"},
        CommandRequest{{"drain"}, HttpMethod::post, "/drain_listeners"},
        CommandRequest{{"drain", "--graceful"}, HttpMethod::post, "/drain_listeners?graceful"},
        CommandRequest{{"reload"}, HttpMethod::post, "/reload"},
        CommandRequest{{"log-level", "off"}, HttpMethod::post, "/logging?level=off"},
        CommandRequest{{"log-level", "plugin.lua", "trace"}, HttpMethod::post, "/logging?plugin.lua=trace"},
        CommandRequest{{"suspend", "sms", "smsc a"}, HttpMethod::post, "/clusters/suspend?cluster=sms&endpoint=smsc%20a"},
        CommandRequest{{"resume", "sms", "smsc-a"}, HttpMethod::post, "/clusters/resume?cluster=sms&endpoint=smsc-a"},
        CommandRequest{{"quit"}, HttpMethod::post, "/quitquitquit"}));

TEST(SmppctlPercentEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode("a b+c/d?e=f"), "a%20b%2Bc%2Fd%3Fe%3Df");
  EXPECT_EQ(percent_encode("Ж"), "%D0%96");
}

}  // namespace
}  // namespace smppd::tools::ctl
