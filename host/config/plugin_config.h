#pragma once

#include <toml++/toml.h>

#include <memory>
#include <string>

#include "host/config/source_location.h"

namespace smppd::config {

// A table the operator wrote for a plugin: a filter's `config`, a cluster's `lb_config` or
// `upstream_config`. The plugin receives the JSON; the host keeps the TOML beside it so the
// plugin's schema check can name the line of each mistake.
struct PluginConfig {
  std::string key_path;  // "listeners[0].filters[1].config"
  SourceLocation where;  // the table itself, or the enclosing table when it was left out
  std::string json = "{}";
  // Never null once loaded: an empty table when the key was left out. Shares ownership of the
  // whole parsed document, so the nodes keep their source positions.
  std::shared_ptr<const toml::table> table;
};

}  // namespace smppd::config
