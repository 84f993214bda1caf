#include "host/cli/options.h"

#include <boost/program_options.hpp>

#include <sstream>
#include <thread>

namespace smppd::cli {

namespace po = boost::program_options;

namespace {

// Both end up in an abstract Unix socket name; these keep it short and the numbers exact.
constexpr int64_t kMaxBaseId = 1'000'000;
constexpr int64_t kMaxRestartEpoch = 1'000'000;

}  // namespace

ParseResult parse_options(int argc, const char* const* argv) {
  po::options_description description("smppd options");
  std::string config_path;
  std::vector<std::string> plugin_dirs;
  std::string mode = "serve";
  std::string log_level = "info";
  std::string log_format = "text";
  std::string log_path;
  int64_t concurrency = 0;
  int64_t drain_time = 30;
  int64_t base_id = 0;
  int64_t restart_epoch = 0;
  description.add_options()
    ("help,h", "print this help and exit")
    ("version", "print the product and plugin ABI versions and exit")
    ("config-path,c", po::value(&config_path), "the TOML config file")
    ("plugin-dir", po::value(&plugin_dirs)->composing(), "a directory of plugins and their manifests (repeatable)")
    ("mode", po::value(&mode), "serve, or validate: load config and plugins, print OK or every error, exit")
    ("log-level,l", po::value(&log_level), "trace, debug, info, warn, error, critical or off")
    ("log-format", po::value(&log_format), "text or json (one object per line)")
    ("log-path", po::value(&log_path), "write the log to this file instead of stderr (SIGUSR1 reopens it)")
    ("concurrency", po::value(&concurrency), "worker threads (default: one per core)")
    ("drain-time-s", po::value(&drain_time), "seconds to let sessions finish when stopping (default 30)")
    ("base-id", po::value(&base_id),
     "hot restart: processes with the same base id hand over their listening sockets (default 0)")
    ("restart-epoch", po::value(&restart_epoch),
     "hot restart: 0 for a fresh start; N takes the sockets and counters of the running epoch N - 1, "
     "which then drains and exits (default 0)");

  Options options;
  std::ostringstream help;
  help << "usage: smppd -c <config.toml> [--plugin-dir <dir>]... [options]\n\n" << description;
  options.help_text = help.str();
  try {
    po::variables_map values;
    po::store(po::command_line_parser(argc, argv).options(description).run(), values);
    po::notify(values);
    options.show_help = values.count("help") > 0;
    options.show_version = values.count("version") > 0;
  } catch (const std::exception& e) {
    return {std::nullopt, e.what()};
  }
  if (options.show_help || options.show_version) return {options, {}};

  if (config_path.empty()) return {std::nullopt, "a config file is required: -c <config.toml>"};
  options.config_path = config_path;
  for (const auto& dir : plugin_dirs) options.plugin_dirs.emplace_back(dir);
  if (mode == "serve") {
    options.mode = Mode::serve;
  } else if (mode == "validate") {
    options.mode = Mode::validate;
  } else {
    return {std::nullopt, "--mode: expected serve or validate, got '" + mode + "'"};
  }
  const auto level = logging::parse_level(log_level);
  if (!level) return {std::nullopt, "--log-level: expected trace, debug, info, warn, error, critical or off, got '" + log_level + "'"};
  options.log_level = *level;
  const auto format = logging::parse_format(log_format);
  if (!format) return {std::nullopt, "--log-format: expected text or json, got '" + log_format + "'"};
  options.log_format = *format;
  options.log_path = log_path;
  if (concurrency < 0 || concurrency > 1024) {
    return {std::nullopt, "--concurrency: expected 1 to 1024 workers, got " + std::to_string(concurrency)};
  }
  options.concurrency = concurrency > 0 ? static_cast<size_t>(concurrency)
                                        : std::max<size_t>(1, std::thread::hardware_concurrency());
  if (drain_time < 0 || drain_time > 86400) {
    return {std::nullopt, "--drain-time-s: expected 0 to 86400 seconds, got " + std::to_string(drain_time)};
  }
  options.drain_time = std::chrono::seconds(drain_time);
  if (base_id < 0 || base_id > kMaxBaseId) {
    return {std::nullopt, "--base-id: expected 0 to " + std::to_string(kMaxBaseId) + ", got " + std::to_string(base_id)};
  }
  options.base_id = static_cast<uint32_t>(base_id);
  if (restart_epoch < 0 || restart_epoch > kMaxRestartEpoch) {
    return {std::nullopt, "--restart-epoch: expected 0 to " + std::to_string(kMaxRestartEpoch) + ", got " +
                              std::to_string(restart_epoch)};
  }
  options.restart_epoch = static_cast<uint32_t>(restart_epoch);
  return {options, {}};
}

}  // namespace smppd::cli
