#pragma once

#include <string>
#include <vector>

#include "host/config/config_error.h"

namespace smppd::config::testing {

// Errors as operators read them, for whole-line comparisons.
inline std::vector<std::string> error_texts(const std::vector<ConfigError>& errors) {
  std::vector<std::string> texts;
  for (const ConfigError& error : errors) {
    texts.push_back(error.to_string());
  }
  return texts;
}

}  // namespace smppd::config::testing
