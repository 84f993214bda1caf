// smppd: the SMPP proxy. Loads the config and the plugins, then serves (or, with --mode
// validate, reports whether both are fine and exits).
#include <cstdio>
#include <iostream>

#include "host/api/blocking_pool.h"
#include "host/api/host_api.h"
#include "host/api/timer_service.h"
#include "host/cli/options.h"
#include "host/config/config_loader.h"
#include "host/logging/logging.h"
#include "host/plugin/plugin_loader.h"
#include "host/restart/hot_restart.h"
#include "host/server/server.h"
#include "smppd/host_version.h"
#include "smppd/version.h"

namespace {

int print_errors(const std::vector<std::string>& errors) {
  for (const auto& error : errors) std::fprintf(stderr, "%s\n", error.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace smppd;
  const cli::ParseResult parsed = cli::parse_options(argc, argv);
  if (!parsed.options) {
    std::fprintf(stderr, "smppd: %s (see smppd --help)\n", parsed.error.c_str());
    return 1;
  }
  const cli::Options& options = *parsed.options;
  if (options.show_help) {
    std::cout << options.help_text << "\n";
    return 0;
  }
  if (options.show_version) {
    std::printf("smppd %s (plugin ABI %d.%d)\n", kProductVersion, SMPPD_ABI_VERSION_MAJOR, SMPPD_ABI_VERSION_MINOR);
    return 0;
  }
  std::string log_error;
  if (!logging::configure(options.log_level, options.log_format, options.log_path, &log_error)) {
    std::fprintf(stderr, "smppd: %s\n", log_error.c_str());
    return 1;
  }
  auto log = logging::get("main");
  // However main ends: plugins' timers (a flush, a janitor) may be waiting on the timer thread,
  // and must run or be cancelled before the process's statics go, the timer set among them.
  struct TimersStopAtExit {
    ~TimersStopAtExit() { api::TimerService::process().stop(); }
  } timers_stop_at_exit;

  config::LoadResult loaded = config::load_config_file(options.config_path);
  if (!loaded.config) {
    std::vector<std::string> errors;
    for (const auto& error : loaded.errors) errors.push_back(error.to_string());
    return print_errors(errors);
  }
  const auto shared_config = std::make_shared<const config::Config>(std::move(*loaded.config));
  const config::Config& config = *shared_config;
  api::BlockingPool::configure_process_pool(config.plugins.blocking_threads, config.plugins.blocking_queue);

  std::vector<std::filesystem::path> plugin_dirs = options.plugin_dirs;
  plugin_dirs.insert(plugin_dirs.end(), config.plugins.dirs.begin(), config.plugins.dirs.end());
  if (plugin_dirs.empty()) plugin_dirs.emplace_back(SMPPD_DEFAULT_PLUGIN_DIR);

  plugin::PluginRegistry registry;
  std::vector<std::string> errors = plugin::PluginLoader(api::host_table(), registry).load(plugin_dirs);

  int exit_code = 0;
  {
    server::Server server(shared_config, registry,
                          {options.concurrency, options.drain_time, options.base_id, options.restart_epoch});
    server.build(errors);
    if (options.mode == cli::Mode::validate) {
      if (!errors.empty()) return print_errors(errors);
      std::printf("OK\n");
      return 0;
    }
    restart::HotRestart hot_restart(server, options.base_id, options.restart_epoch);
    if (!errors.empty() || !hot_restart.prepare(errors) || !server.open(errors)) return print_errors(errors);
    hot_restart.opened();
    log->info("smppd {} serving with {} workers (plugin ABI {}.{}, {} plugins)", kProductVersion, options.concurrency,
              SMPPD_ABI_VERSION_MAJOR, SMPPD_ABI_VERSION_MINOR, registry.plugins().size());
    server.run();
    hot_restart.stopped();
    log->info("stopped");
  }
  api::BlockingPool::process().stop();
  // Plugins are never unloaded; their teardown runs once every config object is gone.
  for (const auto& plugin : registry.plugins()) {
    if (plugin.descriptor->teardown != nullptr) plugin.descriptor->teardown();
  }
  return exit_code;
}
