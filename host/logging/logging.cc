#include "host/logging/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

#include "host/logging/reopenable_file_sink.h"

namespace smppd::logging {
namespace {

struct State {
  std::mutex mutex;
  spdlog::sink_ptr sink;
  spdlog::level::level_enum level = spdlog::level::info;
};

State& state() {
  static State instance;
  return instance;
}

// JSON lines: the message is escaped by the "%v" flag's replacement below.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (const char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      switch (c) {
        case '"': dest.append(std::string_view("\\\"")); break;
        case '\\': dest.append(std::string_view("\\\\")); break;
        case '\n': dest.append(std::string_view("\\n")); break;
        case '\r': dest.append(std::string_view("\\r")); break;
        case '\t': dest.append(std::string_view("\\t")); break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            const char escaped[] = {'\\', 'u', '0', '0', kHex[(c >> 4) & 0xF], kHex[c & 0xF]};
            dest.append(std::string_view(escaped, sizeof(escaped)));
          } else {
            dest.push_back(c);
          }
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonEscapedMessage>(); }
};

std::unique_ptr<spdlog::formatter> make_formatter(Format format) {
  if (format == Format::json) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"%n","thread":%t,"message":"%*"})");
    return formatter;
  }
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  {
    formatter->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] [%n] %v");
  }
  return formatter;
}

}  // namespace

std::optional<spdlog::level::level_enum> parse_level(std::string_view name) {
  static constexpr std::pair<std::string_view, spdlog::level::level_enum> kLevels[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"warning", spdlog::level::warn}, {"error", spdlog::level::err},
      {"critical", spdlog::level::critical}, {"off", spdlog::level::off}};
  for (const auto& [key, level] : kLevels) {
    if (key == name) return level;
  }
  return std::nullopt;
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  return std::nullopt;
}

bool configure(spdlog::level::level_enum level, Format format, const std::string& file, std::string* error) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (!file.empty()) {
    std::string reason;
    auto file_sink = ReopenableFileSink::make(file, reason);
    if (!file_sink) {
      if (error != nullptr) *error = "cannot open the log file " + reason;
      return false;
    }
    s.sink = std::move(file_sink);
  } else {
    s.sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  }
  s.sink->set_formatter(make_formatter(format));
  s.level = level;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
    logger->sinks() = {s.sink};
    logger->set_level(level);
  });
  return true;
}

bool reopen(std::string& error) { return ReopenableFileSink::reopen_all(error); }

std::map<std::string, std::string> levels() {
  std::map<std::string, std::string> result;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
    const auto name = spdlog::level::to_string_view(logger->level());
    result[logger->name()] = std::string(name.data(), name.size());
  });
  return result;
}

bool set_level(const std::string& name, spdlog::level::level_enum level) {
  if (name.empty()) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.level = level;
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) { logger->set_level(level); });
    return true;
  }
  auto logger = spdlog::get(name);
  if (!logger) return false;
  logger->set_level(level);
  return true;
}

std::shared_ptr<spdlog::logger> get(const std::string& name) {
  if (auto existing = spdlog::get(name)) return existing;
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (auto existing = spdlog::get(name)) return existing;
  if (!s.sink) {
    s.sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    s.sink->set_formatter(make_formatter(Format::text));
  }
  auto logger = std::make_shared<spdlog::logger>(name, s.sink);
  logger->set_level(s.level);
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace smppd::logging
