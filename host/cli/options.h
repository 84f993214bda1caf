#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/logging/logging.h"

namespace smppd::cli {

enum class Mode { serve, validate };

// The command line, as Envoy's operators know it (-c, --mode validate, -l, --concurrency).
struct Options {
  std::filesystem::path config_path;
  std::vector<std::filesystem::path> plugin_dirs;
  Mode mode = Mode::serve;
  spdlog::level::level_enum log_level = spdlog::level::info;
  logging::Format log_format = logging::Format::text;
  std::string log_path;  // empty: stderr
  size_t concurrency = 0;  // workers; 0 = one per core
  std::chrono::seconds drain_time{30};
  // Hot restart: processes of one base id hand their listening sockets from epoch N to N + 1.
  uint32_t base_id = 0;
  uint32_t restart_epoch = 0;
  bool show_version = false;
  bool show_help = false;
  std::string help_text;
};

struct ParseResult {
  std::optional<Options> options;
  std::string error;  // set when options is not
};

ParseResult parse_options(int argc, const char* const* argv);

}  // namespace smppd::cli
