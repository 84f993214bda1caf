#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::logging {

// What the access log says of one message, at the moment its client got the resp. The views
// point at data that lives as long as the call of record(); the strings are what the proxy path
// learned in scopes that end before it.
struct AccessRecord {
  std::chrono::system_clock::time_point time;
  std::string_view client;  // system_id
  uint64_t session = 0;
  std::string_view command;  // submit_sm, data_sm
  std::string_view source;
  std::string_view destination;
  std::string route;     // empty: no route matched
  std::string cluster;
  std::string endpoint;  // empty: not sent upstream
  std::string_view smppd_id;
  std::string upstream_id;
  uint32_t status = 0;
  std::chrono::microseconds latency{0};
  uint32_t part = 1;   // of a concatenated message (UDH), 1-based
  uint32_t parts = 1;
};

// One line per message (`[access_log]`, docs/operations.md): a JSON object, or a text line made
// from a format with %field% placeholders. Written to its own file (reopened by SIGUSR1 like the
// log) or, with path "-", to the log as logger "access". record() is safe from any thread.
class AccessLog {
 public:
  static constexpr std::string_view kDefaultFormat =
      "%time% %client% %command% %source% %destination% route=%route% cluster=%cluster% endpoint=%endpoint% "
      "id=%smppd_id% upstream_id=%upstream_id% status=%status% latency_ms=%latency_ms% part=%part%/%parts%";

  // `format` is "json" or a text format; nullptr with `error` set for an unknown %field% or a file
  // that cannot be opened.
  static std::unique_ptr<AccessLog> open(const std::string& path, const std::string& format, std::string& error);

  void record(const AccessRecord& record) const;
  // The line record() writes (without the newline).
  std::string line(const AccessRecord& record) const;

 private:
  struct Piece {
    std::string literal;  // written as it is
    int field = -1;       // or one field of the record
  };

  bool json_ = false;
  std::vector<Piece> pieces_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace smppd::logging
