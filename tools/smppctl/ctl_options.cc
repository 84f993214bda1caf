#include "tools/smppctl/ctl_options.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>

namespace smppd::tools::ctl {

namespace {

constexpr std::string_view kUsage =
    "usage: smppctl [--admin HOST:PORT] [--token T] [--json] [--timeout S] <command>\n"
    "\n"
    "commands:\n"
    "  status                       server info and readiness\n"
    "  stats [REGEX]                counters, gauges and histograms (names matching REGEX)\n"
    "  clusters                     clusters, endpoints and their binds\n"
    "  sessions                     bound client sessions\n"
    "  unbind ID                    drain and unbind one client session\n"
    "  drain [--graceful]           stop accepting; --graceful drains bound sessions too\n"
    "  reload                       load, validate and swap the config (what SIGHUP does)\n"
    "  log-level [LOGGER] LEVEL     trace debug info warning error critical off\n"
    "  suspend CLUSTER ENDPOINT     the endpoint takes no new messages\n"
    "  resume CLUSTER ENDPOINT      it takes them again\n"
    "  quit                         drain like SIGTERM, then exit\n"
    "\n"
    "options:\n"
    "  --admin HOST:PORT   the admin API (default 127.0.0.1:9901; [::1]:9901 for IPv6)\n"
    "  --token T           bearer token (default: the SMPPD_ADMIN_TOKEN environment variable)\n"
    "  --json              print the server's JSON instead of tables\n"
    "  --timeout S         give up on a request after S seconds (default 10)\n"
    "  -h, --help          print this help\n"
    "\n"
    "exit codes: 0 done, 1 the request failed or was refused, 2 wrong command line\n";

constexpr std::array<std::pair<std::string_view, CtlCommand>, 11> kCommands = {{
    {"status", CtlCommand::status},
    {"stats", CtlCommand::stats},
    {"clusters", CtlCommand::clusters},
    {"sessions", CtlCommand::sessions},
    {"unbind", CtlCommand::unbind},
    {"drain", CtlCommand::drain},
    {"reload", CtlCommand::reload},
    {"log-level", CtlCommand::log_level},
    {"suspend", CtlCommand::suspend},
    {"resume", CtlCommand::resume},
    {"quit", CtlCommand::quit},
}};

// The levels of POST /logging (docs/admin-api.md).
constexpr std::array<std::string_view, 7> kLevels = {"trace", "debug", "info", "warning", "error", "critical", "off"};

constexpr double kMaxTimeoutSeconds = 3600;

std::optional<CtlCommand> find_command(std::string_view name) {
  for (const auto& [command_text, command] : kCommands) {
    if (command_text == name) return command;
  }
  return std::nullopt;
}

// "HOST:PORT" or "[IPv6]:PORT".
bool parse_admin_address(std::string_view text, CtlOptions& options) {
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const size_t close = text.find("]:");
    if (close == std::string_view::npos) return false;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return false;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return false;  // a bare IPv6 address is ambiguous
  }
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || error != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
    return false;
  }
  options.admin_host = std::string(host);
  options.admin_port = static_cast<uint16_t>(value);
  return true;
}

bool parse_timeout(const std::string& text, CtlOptions& options) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(seconds) || seconds <= 0 ||
      seconds > kMaxTimeoutSeconds) {
    return false;
  }
  options.timeout = std::chrono::milliseconds(std::max<int64_t>(1, std::llround(seconds * 1000)));
  return true;
}

// Checks the number of positional arguments of the command and stores them.
std::string take_command_arguments(const std::vector<std::string>& words, CtlOptions& options) {
  const std::string name = command_name(options.command);
  auto expect = [&](size_t low, size_t high, std::string_view shape) -> std::string {
    if (words.size() < low || words.size() > high) return "usage: smppctl " + name + std::string(shape);
    return {};
  };
  switch (options.command) {
    case CtlCommand::stats:
      if (auto error = expect(0, 1, " [REGEX]"); !error.empty()) return error;
      if (!words.empty()) options.stats_filter = words[0];
      return {};
    case CtlCommand::unbind:
      if (auto error = expect(1, 1, " ID"); !error.empty()) return error;
      options.session_id = words[0];
      return options.session_id.empty() ? "unbind: the session id is empty" : "";
    case CtlCommand::log_level: {
      if (auto error = expect(1, 2, " [LOGGER] LEVEL"); !error.empty()) return error;
      options.level = words.back();
      if (words.size() == 2) options.logger = words[0];
      if (std::find(kLevels.begin(), kLevels.end(), options.level) == kLevels.end()) {
        return "log-level: unknown level '" + options.level + "' (trace debug info warning error critical off)";
      }
      if (words.size() == 2 && options.logger.empty()) return "log-level: the logger name is empty";
      return {};
    }
    case CtlCommand::suspend:
    case CtlCommand::resume:
      if (auto error = expect(2, 2, " CLUSTER ENDPOINT"); !error.empty()) return error;
      options.cluster = words[0];
      options.endpoint = words[1];
      return options.cluster.empty() || options.endpoint.empty() ? name + ": cluster and endpoint must not be empty"
                                                                 : "";
    case CtlCommand::status:
    case CtlCommand::clusters:
    case CtlCommand::sessions:
    case CtlCommand::drain:
    case CtlCommand::reload:
    case CtlCommand::quit:
      return expect(0, 0, "");
  }
  return {};
}

}  // namespace

const char* command_name(CtlCommand command) {
  for (const auto& [name, value] : kCommands) {
    if (value == command) return name.data();  // the literals end in '\0'
  }
  return "?";
}

CtlParseResult parse_ctl_options(const std::vector<std::string>& arguments,
                                 const std::optional<std::string>& environment_token) {
  CtlParseResult result;
  auto fail = [&result](std::string error) {
    result.error = std::move(error);
    return result;
  };
  CtlOptions options;
  if (environment_token) options.token = *environment_token;
  std::vector<std::string> words;  // the command and its arguments
  bool options_ended = false;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (options_ended || !argument.starts_with("-") || argument == "-") {
      words.push_back(argument);
      continue;
    }
    if (argument == "--") {
      options_ended = true;
      continue;
    }
    if (argument == "-h" || argument == "--help") {
      result.help_text = std::string(kUsage);
      return result;
    }
    if (argument == "--json") {
      options.json = true;
      continue;
    }
    if (argument == "--graceful") {
      options.graceful = true;
      continue;
    }
    // Options with a value: "--name value" or "--name=value".
    const size_t equals = argument.find('=');
    const std::string name = argument.substr(0, equals);
    if (name != "--admin" && name != "--token" && name != "--timeout") return fail("unknown option " + name);
    std::string value;
    if (equals != std::string::npos) {
      value = argument.substr(equals + 1);
    } else if (i + 1 < arguments.size()) {
      value = arguments[++i];
    } else {
      return fail(name + " needs a value");
    }
    if (name == "--admin" && !parse_admin_address(value, options)) {
      return fail("--admin: expected HOST:PORT or [IPv6]:PORT, got '" + value + "'");
    }
    if (name == "--timeout" && !parse_timeout(value, options)) return fail("--timeout: expected seconds");
    if (name == "--token") options.token = value;
  }
  if (words.empty()) return fail("no command (smppctl --help lists them)");
  const auto command = find_command(words[0]);
  if (!command) return fail("unknown command '" + words[0] + "' (smppctl --help lists them)");
  options.command = *command;
  if (options.graceful && options.command != CtlCommand::drain) return fail("--graceful goes with drain only");
  words.erase(words.begin());
  if (auto error = take_command_arguments(words, options); !error.empty()) return fail(std::move(error));
  result.options = std::move(options);
  return result;
}

}  // namespace smppd::tools::ctl
