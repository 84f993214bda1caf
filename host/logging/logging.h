#pragma once

#include <spdlog/spdlog.h>

#include <map>
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
// collects it), or to `file` when one is given, in text or one JSON object per line. Call once,
// before workers start. False with `error` set when the file cannot be opened.
bool configure(spdlog::level::level_enum level, Format format, const std::string& file = {}, std::string* error = nullptr);

// Reopens the log file (SIGUSR1, after logrotate moved it away); a no-op when logging to stderr.
// False with `error` set when the file cannot be opened: logging then goes on to the old one.
bool reopen(std::string& error);

// Each logger's level by name ("server": "info"), for /logging.
std::map<std::string, std::string> levels();
// Sets one logger's level, or every logger's (and the level of loggers made later) when `name`
// is empty. False when no logger has that name.
bool set_level(const std::string& name, spdlog::level::level_enum level);

// The logger of one part of the host ("server", "plugin", "config"), created on first use with
// the configured sinks and level. Plugins get "plugin.<name>".
std::shared_ptr<spdlog::logger> get(const std::string& name);

}  // namespace smppd::logging
