#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config.h"
#include "host/plugin/plugin_registry.h"
#include "smppd/plugin.h"

namespace smppd::plugin {

// Every kind's config_new has this shape.
using ConfigNewFn = int32_t (*)(const smppd_host_api* host, const smppd_plugin_ref* plugin, smppd_host_view config_json,
                                void** config_out, smppd_error_buffer* error);

// Checks an operator's table against the factory's JSON schema, naming file, line and key of each
// mistake (appended to `errors`). True when it passes, or when the factory declares no schema.
bool check_config_schema(const FoundFactory& found, const config::PluginConfig& table, const config::Config& config,
                         std::vector<std::string>& errors);

// Has a factory make its config object from an operator's table, on the control thread: the
// table is first checked against the factory's schema (naming file, line and key), then handed
// to config_new as JSON. nullopt when refused, with every reason appended to `errors`; `what`
// names the thing configured ("filter 'auth_static'", "lb_policy 'round_robin'").
std::optional<void*> make_config_object(const FoundFactory& found, ConfigNewFn config_new,
                                        const config::PluginConfig& table, const config::Config& config,
                                        std::string_view what, std::vector<std::string>& errors);

}  // namespace smppd::plugin
