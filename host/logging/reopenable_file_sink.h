#pragma once

#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace smppd::logging {

// A log file that SIGUSR1 can reopen after logrotate moved it: writes go on to the old file until
// the new one is open. Line buffered, as stderr is unbuffered: `tail -f` and a crash see every
// whole line. Every sink made by make() is reopened by reopen_all().
class ReopenableFileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // The sink with its file open for appending; nullptr with `error` set when it cannot be.
  static std::shared_ptr<ReopenableFileSink> make(const std::string& path, std::string& error);
  // Reopens every live sink; false with the first `error` when one could not be (that one writes
  // on to its old file).
  static bool reopen_all(std::string& error);

  explicit ReopenableFileSink(std::string path) : path_(std::move(path)) {}
  ~ReopenableFileSink() override;

  bool open(std::string& error);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  const std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace smppd::logging
