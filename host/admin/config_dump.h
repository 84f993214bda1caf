#pragma once

#include <boost/json/value.hpp>

#include "host/config/config.h"

namespace smppd::admin {

// The running config as JSON for /config_dump: every value that came from a secret reference or
// is a credential by name (Config::sensitive_key_paths) is "[redacted]", with all below it.
boost::json::value redacted_config(const config::Config& config);

}  // namespace smppd::admin
