// A plugin's config_schema, checked the way the loader will take it: JSON, and only the keywords
// docs/plugin-abi.md lists (type, properties, required, additionalProperties, items, enum,
// minimum, maximum, minLength, maxLength) plus annotations (description, default, ...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smppd::testing {

// The schema's problems as "<JSON pointer>: <what>"; empty when it is usable.
std::vector<std::string> schema_problems(std::string_view schema);

}  // namespace smppd::testing
