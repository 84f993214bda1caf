#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "host/config/config.h"

namespace smppd::router {

// One step of a key path: a table key or an array index.
using KeyStep = std::variant<std::string_view, size_t>;

// A mistake found after loading (a regex RE2 refuses), told as the loader tells its own:
// "etc/smppd.toml:12:29: routes[3].match.destination_regex: ...". The position comes from the
// config's document; only the file is named when the value is not in it (a Config made in code).
std::string config_value_error(const config::Config& config, std::initializer_list<KeyStep> path,
                               std::string message);

}  // namespace smppd::router
