#pragma once

#include <toml++/toml.h>

#include <span>
#include <string>
#include <string_view>

#include "host/config/source_location.h"

namespace smppd::config {

// A value as an error message shows it after "got": `"abc"`, `12`, `true`, `a table`.
// Long strings are shortened.
std::string describe_toml_value(const toml::node& value);
// The same, unless `key_path` lies within one of `sensitive_key_paths`: a secret is never shown.
std::string describe_toml_value(const toml::node& value, std::string_view key_path,
                                std::span<const std::string> sensitive_key_paths);

// `"text"` with quotes and backslashes escaped and control characters as \uXXXX.
std::string in_quotes(std::string_view text);

// Where a node or key was written, named with `file` (the name the operator passed).
SourceLocation location_of(const toml::source_region& region, const std::string& file);

}  // namespace smppd::config
