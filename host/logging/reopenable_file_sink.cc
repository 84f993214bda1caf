#include "host/logging/reopenable_file_sink.h"

#include <cerrno>
#include <cstring>
#include <vector>

namespace smppd::logging {

namespace {

struct Registry {
  std::mutex mutex;
  std::vector<std::weak_ptr<ReopenableFileSink>> sinks;
};

Registry& registry() {
  static Registry* instance = new Registry();  // never destroyed: loggers may write at exit
  return *instance;
}

}  // namespace

std::shared_ptr<ReopenableFileSink> ReopenableFileSink::make(const std::string& path, std::string& error) {
  auto sink = std::make_shared<ReopenableFileSink>(path);
  if (!sink->open(error)) return nullptr;
  Registry& known = registry();
  std::lock_guard lock(known.mutex);
  std::erase_if(known.sinks, [](const auto& weak) { return weak.expired(); });
  known.sinks.push_back(sink);
  return sink;
}

bool ReopenableFileSink::reopen_all(std::string& error) {
  std::vector<std::shared_ptr<ReopenableFileSink>> live;
  {
    Registry& known = registry();
    std::lock_guard lock(known.mutex);
    for (const auto& weak : known.sinks) {
      if (auto sink = weak.lock()) live.push_back(std::move(sink));
    }
  }
  bool all = true;
  for (const auto& sink : live) {
    std::string reason;
    if (!sink->open(reason)) {
      if (all) error = reason;
      all = false;
    }
  }
  return all;
}

ReopenableFileSink::~ReopenableFileSink() {
  if (file_ != nullptr) std::fclose(file_);
}

bool ReopenableFileSink::open(std::string& error) {
  std::FILE* file = std::fopen(path_.c_str(), "a");
  if (file == nullptr) {
    error = path_ + ": " + std::strerror(errno);
    return false;
  }
  std::setvbuf(file, nullptr, _IOLBF, 0);
  std::lock_guard lock(mutex_);
  if (file_ != nullptr) std::fclose(file_);
  file_ = file;
  return true;
}

void ReopenableFileSink::sink_it_(const spdlog::details::log_msg& msg) {
  if (file_ == nullptr) return;
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  std::fwrite(formatted.data(), 1, formatted.size(), file_);
}

void ReopenableFileSink::flush_() {
  if (file_ != nullptr) std::fflush(file_);
}

}  // namespace smppd::logging
