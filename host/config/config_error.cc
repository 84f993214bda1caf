#include "host/config/config_error.h"

#include <algorithm>
#include <tuple>

namespace smppd::config {

std::string ConfigError::to_string() const {
  std::string text = where.file;
  if (where.line != 0) {
    text += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  }
  text += ": ";
  if (!key_path.empty()) {
    text += key_path + ": ";
  }
  return text + message;
}

void sort_by_position(std::vector<ConfigError>& errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
}

}  // namespace smppd::config
