#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::plugin {

// The name manifests and logs use for a factory kind: "filter" for SMPPD_KIND_FILTER. Empty for
// a value that is no SMPPD_KIND_*.
std::string_view kind_name(int32_t kind);

// SMPPD_KIND_* for a manifest's kind name; nullopt for an unknown name.
std::optional<int32_t> kind_from_name(std::string_view name);

// "[filter, lookup]": how refusals show a set of kinds.
std::string describe_kinds(const std::vector<int32_t>& kinds);

}  // namespace smppd::plugin
