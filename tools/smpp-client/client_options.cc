#include "tools/smpp-client/client_options.h"

#include <boost/program_options.hpp>

#include <cmath>
#include <sstream>

namespace smppd::tools::client {

namespace po = boost::program_options;

namespace {

constexpr double kMaxSeconds = 7 * 24 * 3600.0;
constexpr uint32_t kMaxCount = 1000000;
constexpr uint32_t kMaxWindow = 65536;

std::optional<std::chrono::milliseconds> seconds_option(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxSeconds) return std::nullopt;
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

}  // namespace

ClientParseResult parse_client_options(int argc, const char* const* argv) {
  ClientOptions options;
  SessionOptions& session = options.session;
  std::string bind = "trx";
  std::string long_mode = "udh";
  double wait_receipts = 0;
  double listen_only = 0;
  int64_t response_timeout_ms = 10000;
  po::options_description description("smpp-client options");
  description.add_options()
    ("help,h", "print this help and exit")
    ("host", po::value(&session.host)->default_value("127.0.0.1"), "the SMSC or proxy")
    ("port", po::value(&session.port)->default_value(2775), "its SMPP port")
    ("system-id", po::value(&session.system_id), "bind as this system_id (required)")
    ("password", po::value(&session.password), "bind password")
    ("system-type", po::value(&session.system_type), "bind system_type")
    ("bind", po::value(&bind)->default_value("trx"), "trx, tx or rx")
    ("from", po::value(&options.source), "source_addr: digits (an optional leading + is dropped) are international, anything else alphanumeric")
    ("to", po::value(&options.destination), "destination_addr")
    ("text", po::value(&options.text), "the message, UTF-8; sent in the smallest encoding that holds it")
    ("count", po::value(&options.count)->default_value(1), "send the message this many times")
    ("long-mode", po::value(&long_mode)->default_value("udh"), "a text longer than one SMS: udh, sar or payload")
    ("registered-delivery", "ask for a delivery receipt")
    ("wait-receipts", po::value(&wait_receipts), "seconds to wait for every receipt (implies --registered-delivery)")
    ("listen-only", po::value(&listen_only), "bind (trx or rx), print receipts and MO messages for this many seconds")
    ("window", po::value(&session.window)->default_value(10), "submits in flight at once")
    ("response-timeout-ms", po::value(&response_timeout_ms)->default_value(10000), "give up on a resp after this");
  ClientParseResult result;
  std::ostringstream help;
  help << "usage: smpp-client --system-id ID --password PW --from SRC --to DEST --text TEXT [options]\n"
       << "       smpp-client --system-id ID --password PW --listen-only SECONDS [options]\n\n"
       << description << "\n";

  po::variables_map values;
  try {
    po::store(po::command_line_parser(argc, argv).options(description).run(), values);
    po::notify(values);
  } catch (const std::exception& e) {
    result.error = e.what();
    return result;
  }
  if (values.count("help") > 0) {
    result.help_text = help.str();
    return result;
  }
  auto fail = [&result](std::string error) {
    result.error = std::move(error);
    return result;
  };
  if (session.system_id.empty()) return fail("--system-id is required");
  const auto bind_type = parse_bind_type(bind);
  if (!bind_type) return fail("--bind: expected trx, tx or rx");
  session.bind_type = *bind_type;
  const auto mode = parse_long_mode(long_mode);
  if (!mode) return fail("--long-mode: expected udh, sar or payload");
  options.long_mode = *mode;
  if (session.window < 1 || session.window > kMaxWindow) return fail("--window: expected 1 to 65536");
  if (response_timeout_ms < 1 || response_timeout_ms > 3600 * 1000) {
    return fail("--response-timeout-ms: expected 1 to 3600000");
  }
  session.response_timeout = std::chrono::milliseconds(response_timeout_ms);

  if (values.count("listen-only") > 0) {
    options.listen_only = seconds_option(listen_only);
    if (!options.listen_only) return fail("--listen-only: expected seconds");
    if (session.bind_type == BindType::transmitter) return fail("--listen-only needs --bind trx or rx");
    if (values.count("text") > 0) return fail("--listen-only sends nothing: drop --text");
    result.options = std::move(options);
    return result;
  }
  if (values.count("text") == 0) return fail("--text is required (or --listen-only)");
  if (options.source.empty() || options.destination.empty()) return fail("--from and --to are required");
  if (session.bind_type == BindType::receiver) return fail("a receiver cannot submit: --bind trx or tx");
  if (options.count < 1 || options.count > kMaxCount) return fail("--count: expected 1 to 1000000");
  options.registered_delivery = values.count("registered-delivery") > 0;
  if (values.count("wait-receipts") > 0) {
    options.wait_receipts = seconds_option(wait_receipts);
    if (!options.wait_receipts) return fail("--wait-receipts: expected seconds");
    if (session.bind_type == BindType::transmitter) {
      return fail("--wait-receipts needs receipts on this session: --bind trx");
    }
    options.registered_delivery = true;
  }
  result.options = std::move(options);
  return result;
}

}  // namespace smppd::tools::client
