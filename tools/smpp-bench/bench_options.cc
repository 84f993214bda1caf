#include "tools/smpp-bench/bench_options.h"

#include <boost/program_options.hpp>

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>
#include <sstream>
#include <string_view>
#include <vector>

namespace smppd::tools::bench {

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "usage: smpp-bench load --system-id ID --password PW [options]   keep SMPP sessions busy, measure\n"
    "       smpp-bench sink [options]                                an SMSC that answers everything\n"
    "       smpp-bench <load|sink> --help\n";

constexpr double kMaxSeconds = 7 * 24 * 3600.0;
constexpr uint32_t kMaxConnections = 100000;
constexpr uint32_t kMaxWindow = 65536;
constexpr uint32_t kMaxThreads = 256;

bool seconds_to_ms(double seconds, std::chrono::milliseconds& out, bool allow_zero) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxSeconds || (!allow_zero && seconds == 0)) return false;
  out = std::chrono::milliseconds(std::llround(seconds * 1000));
  return true;
}

std::string help_of(const char* usage, const po::options_description& description) {
  std::ostringstream help;
  help << usage << "\n\n" << description << "\n";
  return help.str();
}

// Reads argv into `values`; the parser's message when it refuses them.
std::optional<std::string> parse_options(int argc, const char* const* argv, const po::options_description& description,
                                         po::variables_map& values) {
  try {
    po::store(po::command_line_parser(argc, argv).options(description).run(), values);
    po::notify(values);
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

BenchParseResult parse_load(int argc, const char* const* argv) {
  BenchCommand command;
  command.mode = BenchMode::load;
  LoadOptions& load = command.load;
  SessionOptions& session = load.session;
  double rate = 0;
  double duration = 10;
  double warmup = 0;
  double receipt_timeout = 10;
  int64_t response_timeout_ms = 10000;
  std::string mix = "gsm7:100";
  po::options_description description("smpp-bench load options");
  description.add_options()
    ("help,h", "print this help and exit")
    ("host", po::value(&session.host)->default_value("127.0.0.1"), "the SMSC or proxy to load")
    ("port", po::value(&session.port)->default_value(2775), "its SMPP port")
    ("system-id", po::value(&session.system_id), "bind as this system_id (required)")
    ("password", po::value(&session.password), "bind password")
    ("system-type", po::value(&session.system_type), "bind system_type")
    ("connections", po::value(&load.connections)->default_value(1), "transceiver sessions to bind")
    ("window", po::value(&session.window)->default_value(10), "submits in flight per session")
    ("rate", po::value(&rate), "submits per second over all sessions (token bucket)")
    ("max", "no pacing: keep every window full (the default without --rate)")
    ("duration", po::value(&duration)->default_value(10), "seconds measured")
    ("warmup", po::value(&warmup)->default_value(0), "seconds sent before measuring, not counted")
    ("mix", po::value(&mix)->default_value("gsm7:100"), "message kinds by share, e.g. gsm7:70,ucs2:20,long:10")
    ("registered-delivery", "request a delivery receipt for every submit and match them")
    ("rebind", "a session the SMSC unbinds or closes while sending connects and binds again "
               "(a proxy's hot restart); its unanswered submits still count")
    ("receipt-timeout", po::value(&receipt_timeout)->default_value(10), "seconds to wait for missing receipts after the last resp")
    ("response-timeout-ms", po::value(&response_timeout_ms)->default_value(10000), "a submit without resp after this is unanswered")
    ("threads", po::value(&load.threads)->default_value(1), "threads, one io_context each; sessions spread over them")
    ("from", po::value(&load.source)->default_value("smpp-bench"), "source_addr (digits: international, else alphanumeric)")
    ("to", po::value(&load.destination)->default_value("4915100000000"), "destination_addr")
    ("json", "print one JSON object instead of the text report");
  command.help_text = help_of("usage: smpp-bench load --system-id ID --password PW [options]", description);

  po::variables_map values;
  if (auto refused = parse_options(argc, argv, description, values)) return {std::nullopt, *refused};
  if (values.count("help") > 0) {
    command.mode = BenchMode::help;
    return {command, {}};
  }
  if (session.system_id.empty()) return {std::nullopt, "--system-id is required"};
  if (load.connections < 1 || load.connections > kMaxConnections) {
    return {std::nullopt, fmt::format("--connections: expected 1 to {}", kMaxConnections)};
  }
  if (session.window < 1 || session.window > kMaxWindow) {
    return {std::nullopt, fmt::format("--window: expected 1 to {}", kMaxWindow)};
  }
  if (load.threads < 1 || load.threads > kMaxThreads) {
    return {std::nullopt, fmt::format("--threads: expected 1 to {}", kMaxThreads)};
  }
  if (values.count("rate") > 0 && values.count("max") > 0) return {std::nullopt, "--rate and --max exclude each other"};
  if (values.count("rate") > 0) {
    if (!std::isfinite(rate) || rate <= 0) return {std::nullopt, "--rate: expected submits per second above 0"};
    load.rate = rate;
  }
  if (!seconds_to_ms(duration, load.duration, false)) return {std::nullopt, "--duration: expected seconds above 0"};
  if (!seconds_to_ms(warmup, load.warmup, true)) return {std::nullopt, "--warmup: expected seconds, 0 or more"};
  if (!seconds_to_ms(receipt_timeout, load.receipt_timeout, true)) {
    return {std::nullopt, "--receipt-timeout: expected seconds, 0 or more"};
  }
  if (response_timeout_ms < 1 || response_timeout_ms > 3600 * 1000) {
    return {std::nullopt, "--response-timeout-ms: expected 1 to 3600000"};
  }
  session.response_timeout = std::chrono::milliseconds(response_timeout_ms);
  session.bind_type = BindType::transceiver;
  std::string error;
  const auto parsed_mix = parse_message_mix(mix, error);
  if (!parsed_mix) return {std::nullopt, fmt::format("--mix: {}", error)};
  load.mix = *parsed_mix;
  load.registered_delivery = values.count("registered-delivery") > 0;
  load.rebind = values.count("rebind") > 0;
  load.json = values.count("json") > 0;
  return {command, {}};
}

BenchParseResult parse_sink(int argc, const char* const* argv) {
  BenchCommand command;
  command.mode = BenchMode::sink;
  SinkOptions& sink = command.sink;
  int64_t receipt_delay_ms = 0;
  int64_t receipt_retry_ms = 1000;
  double report_every = 0;
  std::vector<std::string> fail_status;
  std::string id_format = "hex";
  po::options_description description("smpp-bench sink options");
  description.add_options()
    ("help,h", "print this help and exit")
    ("address", po::value(&sink.address)->default_value("127.0.0.1"), "IP address to listen on")
    ("port", po::value(&sink.port)->default_value(2775), "TCP port (0: any free port, printed at start)")
    ("threads", po::value(&sink.threads)->default_value(1), "worker threads, one io_context each")
    ("system-id", po::value(&sink.system_id)->default_value("smpp-bench"), "system_id in our bind_resps")
    ("receipts", "send a delivery receipt for each submit that asks for one")
    ("receipt-delay-ms", po::value(&receipt_delay_ms)->default_value(0), "milliseconds between resp and receipt")
    ("receipt-stat", po::value(&sink.receipt_stat)->default_value("DELIVRD"), "stat word of the receipts (DELIVRD, UNDELIV, EXPIRED, ...)")
    ("receipt-retry-ms", po::value(&receipt_retry_ms)->default_value(1000), "milliseconds before a receipt refused for now (0x64, 0x58, 0x14) is sent again; 0: never")
    ("throttle-every", po::value(&sink.throttle_every)->default_value(0), "answer every Nth submit of a session ESME_RTHROTTLED")
    ("fail-status", po::value(&fail_status)->composing(), "STATUS:PERCENT, e.g. 0x45:10: that status on that share of submits (repeatable)")
    ("drop-percent", po::value(&sink.drop_percent)->default_value(0), "share of submits never answered")
    ("id-format", po::value(&id_format)->default_value("hex"), "message ids in hex or decimal")
    ("report-every", po::value(&report_every)->default_value(0), "print the counters every this many seconds");
  command.help_text = help_of("usage: smpp-bench sink [options]", description);

  po::variables_map values;
  if (auto refused = parse_options(argc, argv, description, values)) return {std::nullopt, *refused};
  if (values.count("help") > 0) {
    command.mode = BenchMode::help;
    return {command, {}};
  }
  if (sink.threads < 1 || sink.threads > kMaxThreads) {
    return {std::nullopt, fmt::format("--threads: expected 1 to {}", kMaxThreads)};
  }
  sink.receipts = values.count("receipts") > 0;
  if (receipt_delay_ms < 0 || receipt_delay_ms > 3600 * 1000) {
    return {std::nullopt, "--receipt-delay-ms: expected 0 to 3600000"};
  }
  sink.receipt_delay = std::chrono::milliseconds(receipt_delay_ms);
  if (receipt_retry_ms < 0 || receipt_retry_ms > 3600 * 1000) {
    return {std::nullopt, "--receipt-retry-ms: expected 0 to 3600000"};
  }
  sink.receipt_retry = std::chrono::milliseconds(receipt_retry_ms);
  double failing = 0;
  for (const std::string& text : fail_status) {
    std::string error;
    const auto rule = parse_fail_rule(text, error);
    if (!rule) return {std::nullopt, fmt::format("--fail-status: {}", error)};
    sink.fail_rules.push_back(*rule);
    failing += rule->percent;
  }
  if (!std::isfinite(sink.drop_percent) || sink.drop_percent < 0 || sink.drop_percent > 100) {
    return {std::nullopt, "--drop-percent: expected 0 to 100"};
  }
  if (failing + sink.drop_percent > 100) return {std::nullopt, "--fail-status and --drop-percent add up to more than 100%"};
  const auto format = parse_id_format(id_format);
  if (!format) return {std::nullopt, "--id-format: expected hex or decimal"};
  sink.id_format = *format;
  if (!seconds_to_ms(report_every, sink.report_every, true)) return {std::nullopt, "--report-every: expected seconds"};
  return {command, {}};
}

}  // namespace

BenchParseResult parse_bench_command(int argc, const char* const* argv) {
  if (argc < 2) return {std::nullopt, fmt::format("a mode is required\n{}", kUsage)};
  const std::string_view mode = argv[1];
  if (mode == "-h" || mode == "--help" || mode == "help") {
    BenchCommand command;
    command.help_text = kUsage;
    return {command, {}};
  }
  // The options parser reads argv[1..]; the mode is argv[1], so it gets argv shifted by one.
  if (mode == "load") return parse_load(argc - 1, argv + 1);
  if (mode == "sink") return parse_sink(argc - 1, argv + 1);
  return {std::nullopt, fmt::format("unknown mode '{}'\n{}", mode, kUsage)};
}

}  // namespace smppd::tools::bench
