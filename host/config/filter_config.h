#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "host/config/plugin_config.h"

namespace smppd::config {

// What a filter's failure (an error or a timeout) does to the request.
enum class FailureMode : uint8_t {
  closed,  // refuse the request with failure_status
  open,    // skip the filter and continue the chain
};

// One `[[listeners.filters]]` entry: a filter factory by name, in chain order.
struct FilterConfig {
  std::string name;
  std::chrono::milliseconds timeout{2000};
  FailureMode failure_mode = FailureMode::closed;
  std::optional<uint32_t> failure_status;  // the command_status when failing closed
  PluginConfig config;
};

}  // namespace smppd::config
