#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace smppd::config {

// The name in `candidates` an operator most likely meant when writing `typo`, if one is a few
// edits away ("max_conections" -> "max_connections").
std::optional<std::string_view> closest_name(std::string_view typo, std::span<const std::string_view> candidates);

}  // namespace smppd::config
