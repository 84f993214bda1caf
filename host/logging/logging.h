#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::logging {

enum class Format { text, json };

// "info" -> spdlog::level::info; nullopt for anything else.
std::optional<spdlog::level::level_enum> parse_level(std::string_view name);
std::optional<Format> parse_format(std::string_view name);

// Sets up the process's loggers: everything goes to stderr (journald or the service manager
// collects it), in text or one JSON object per line. Call once, before workers start.
void configure(spdlog::level::level_enum level, Format format);

// The logger of one part of the host ("server", "plugin", "config"), created on first use with
// the configured sinks and level. Plugins get "plugin.<name>".
std::shared_ptr<spdlog::logger> get(const std::string& name);

}  // namespace smppd::logging
