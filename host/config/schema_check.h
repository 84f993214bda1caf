#pragma once

#include <toml++/toml.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config_error.h"
#include "host/config/source_location.h"

namespace smppd::config {

// Checks a plugin's config table against the JSON Schema its factory declares
// (smppd_factory::config_schema), so each mistake is reported at its TOML line before the plugin
// sees the config. The subset understood: type (object, array, string, integer, number, boolean),
// properties, required, additionalProperties (a boolean or a schema), items, enum, minimum,
// maximum, minLength, maxLength. Annotations (title, description, default, examples, format,
// $schema, $id, $comment) are ignored; any other keyword makes the schema malformed, so a check
// the plugin author meant never silently does nothing.
//
// `file` names the file, and is the position used for the schema's own errors and for values
// that have no position. Errors' key paths start at `key_path` ("listeners[0].filters[1].config").
// Values under `sensitive_key_paths` are not shown in messages.
std::vector<ConfigError> check_schema(const toml::node& value, std::string_view schema_json,
                                      const SourceLocation& file, std::string key_path,
                                      std::span<const std::string> sensitive_key_paths = {});

}  // namespace smppd::config
