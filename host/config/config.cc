#include "host/config/config.h"

#include "host/config/key_path.h"

namespace smppd::config {

bool Config::is_sensitive(std::string_view key_path) const {
  return key_path_within_any(key_path, sensitive_key_paths);
}

}  // namespace smppd::config
