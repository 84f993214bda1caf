#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/config/config.h"
#include "host/filter/filter_chain_config.h"
#include "host/plugin/plugin_registry.h"

namespace smppd::filter {

// Makes a listener's filter chain from its config on the control thread: finds each filter's
// factory, checks its table against the factory's schema (naming file, line and key), and has the
// plugin make its config object. nullptr when anything was refused; every reason is appended to
// `errors`, one line each.
std::shared_ptr<const FilterChainConfig> build_filter_chain(const config::Config& config,
                                                            const config::ListenerConfig& listener,
                                                            const plugin::PluginRegistry& plugins,
                                                            std::vector<std::string>& errors);

}  // namespace smppd::filter
