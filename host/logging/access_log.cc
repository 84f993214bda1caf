#include "host/logging/access_log.h"

#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>

#include <array>

#include "host/logging/logging.h"
#include "host/logging/reopenable_file_sink.h"

namespace smppd::logging {

namespace {

enum Field : int {
  kTime, kClient, kSession, kCommand, kSource, kDestination, kRoute, kCluster, kEndpoint, kSmppdId, kUpstreamId,
  kStatus, kLatencyMs, kPart, kParts, kFieldCount
};

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "time", "client", "session", "command", "source", "destination", "route", "cluster", "endpoint", "smppd_id",
    "upstream_id", "status", "latency_ms", "part", "parts"};

std::string time_text(std::chrono::system_clock::time_point time) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(time)), millis);
}

std::string field_text(const AccessRecord& record, int field) {
  switch (field) {
    case kTime: return time_text(record.time);
    case kClient: return std::string(record.client);
    case kSession: return std::to_string(record.session);
    case kCommand: return std::string(record.command);
    case kSource: return std::string(record.source);
    case kDestination: return std::string(record.destination);
    case kRoute: return std::string(record.route);
    case kCluster: return std::string(record.cluster);
    case kEndpoint: return std::string(record.endpoint);
    case kSmppdId: return std::string(record.smppd_id);
    case kUpstreamId: return std::string(record.upstream_id);
    case kStatus: return fmt::format("0x{:08X}", record.status);
    case kLatencyMs: return fmt::format("{:.3f}", static_cast<double>(record.latency.count()) / 1000.0);
    case kPart: return std::to_string(record.part);
    case kParts: return std::to_string(record.parts);
    default: return {};
  }
}

}  // namespace

std::unique_ptr<AccessLog> AccessLog::open(const std::string& path, const std::string& format, std::string& error) {
  auto log = std::unique_ptr<AccessLog>(new AccessLog());
  log->json_ = format == "json";
  if (!log->json_) {
    // "%client% sent %status%": literals and %field% placeholders; "%%" is a percent sign.
    std::string literal;
    for (size_t i = 0; i < format.size(); ++i) {
      if (format[i] != '%') {
        literal.push_back(format[i]);
        continue;
      }
      const size_t end = format.find('%', i + 1);
      if (end == std::string::npos) {
        error = "format: a % without its closing % at offset " + std::to_string(i);
        return nullptr;
      }
      const std::string_view name(format.data() + i + 1, end - i - 1);
      if (name.empty()) {
        literal.push_back('%');
      } else {
        const auto found = std::find(kFieldNames.begin(), kFieldNames.end(), name);
        if (found == kFieldNames.end()) {
          error = "format: unknown field %" + std::string(name) + "% (fields: time client session command source "
                  "destination route cluster endpoint smppd_id upstream_id status latency_ms part parts)";
          return nullptr;
        }
        if (!literal.empty()) log->pieces_.push_back({std::move(literal), -1});
        literal.clear();
        log->pieces_.push_back({{}, static_cast<int>(found - kFieldNames.begin())});
      }
      i = end;
    }
    if (!literal.empty()) log->pieces_.push_back({std::move(literal), -1});
  }
  if (path == "-") {
    log->logger_ = get("access");
    return log;
  }
  auto sink = ReopenableFileSink::make(path, error);
  if (!sink) return nullptr;
  // The line is complete already: no time or level in front of it.
  sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v"));
  log->logger_ = std::make_shared<spdlog::logger>("access_log", std::move(sink));
  log->logger_->set_level(spdlog::level::info);
  return log;
}

std::string AccessLog::line(const AccessRecord& record) const {
  if (json_) {
    boost::json::object object;
    for (int field = 0; field < kFieldCount; ++field) {
      const std::string_view name = kFieldNames[static_cast<size_t>(field)];
      switch (field) {
        case kSession: object[name] = record.session; break;
        case kStatus: object[name] = record.status; break;
        case kLatencyMs: object[name] = static_cast<double>(record.latency.count()) / 1000.0; break;
        case kPart: object[name] = record.part; break;
        case kParts: object[name] = record.parts; break;
        default: object[name] = field_text(record, field);
      }
    }
    return boost::json::serialize(object);
  }
  std::string text;
  for (const Piece& piece : pieces_) {
    if (piece.field < 0) {
      text += piece.literal;
    } else {
      std::string value = field_text(record, piece.field);
      text += value.empty() ? "-" : value;
    }
  }
  return text;
}

void AccessLog::record(const AccessRecord& record) const { logger_->info("{}", line(record)); }

}  // namespace smppd::logging
