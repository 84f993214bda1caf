#pragma once

#include <string_view>

namespace smppd::plugins::enquire_link {

// enquire_link has no settings of its own: the cluster's health_check table gives the interval,
// timeout and thresholds. Throws smppd::cxx::ConfigError for anything but an empty table.
void check_checker_config(std::string_view json);

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {}
})json";

}  // namespace smppd::plugins::enquire_link
