#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

#include "smppd/common.h"

// The host's side of the opaque smppd_plugin_ref: what the host knows about a loaded plugin when
// the plugin calls back (logs carry its name; metrics are named after it).
struct smppd_plugin_ref {
  std::string name;
  std::shared_ptr<spdlog::logger> logger;  // "plugin.<name>"
};

namespace smppd::api {

// A ref for a plugin named `name`, alive for the rest of the process (plugins are never
// unloaded, and a plugin may keep the pointer anywhere).
const smppd_plugin_ref* make_plugin_ref(const std::string& name);

}  // namespace smppd::api
