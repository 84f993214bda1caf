#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace smppd::config {

// Key paths name a value the way an operator finds it: `listeners[0].filters[1].config.port`.
// Keys that are not bare TOML keys are quoted: `config."a.b"`.

std::string key_path_child(std::string_view parent, std::string_view key);
std::string key_path_index(std::string_view parent, size_t index);

// True when `path` is `ancestor` or lies below it.
bool key_path_within(std::string_view path, std::string_view ancestor);
bool key_path_within_any(std::string_view path, std::span<const std::string> ancestors);

}  // namespace smppd::config
