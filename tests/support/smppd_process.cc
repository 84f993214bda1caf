#include "tests/support/smppd_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/run_command.h"

namespace {

// A base id no other smppd of this test run is likely to use: random in 1..1,000,000 (smppd's
// range), drawn once per process, then counted up.
uint32_t unique_base_id() {
  static std::atomic<uint32_t> next{static_cast<uint32_t>(std::random_device{}() % 900000) + 1};
  return next.fetch_add(1) % 1000000 + 1;
}

}  // namespace

namespace smppd::testing {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

SmppdProcess::SmppdProcess(const std::string& config_text, SmppdOptions options)
    : dir_(make_temp_dir("smppd-integration")) {
  write_file(config_path(), config_text);
  if (!spawn(options)) return;
  started_ = wait_until_listening(options);
}

SmppdProcess::~SmppdProcess() {
  child_.kill_and_reap();
  if (!keep_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

bool SmppdProcess::spawn(const SmppdOptions& options) {
  std::vector<std::string> arguments = {options.binary,  "-c", config_path(), "--plugin-dir", options.plugin_dir,
                                        "--concurrency", std::to_string(options.concurrency),
                                        "--log-level",   options.log_level};
  if (options.drain_time_s) {
    arguments.push_back("--drain-time-s");
    arguments.push_back(std::to_string(*options.drain_time_s));
  }
  arguments.insert(arguments.end(), options.extra_arguments.begin(), options.extra_arguments.end());
  // Every smppd listens for its hot-restart successor on a socket named by its --base-id, and a
  // second one with the same id is refused: tests run many side by side, so each gets its own.
  if (std::find(arguments.begin(), arguments.end(), "--base-id") == arguments.end()) {
    arguments.push_back("--base-id");
    arguments.push_back(std::to_string(unique_base_id()));
  }
  return child_.spawn(std::move(arguments), log_path(), start_error_);
}

bool SmppdProcess::wait_until_listening(const SmppdOptions& options) {
  const auto deadline = Clock::now() + options.start_timeout;
  for (;;) {
    if (!running()) {
      start_error_ = "smppd exited with " + std::to_string(child_.exit_code().value_or(-1)) + " before listening:\n" + log();
      return false;
    }
    bool all = true;
    for (const uint16_t port : options.ports) all = all && port_listening(port);
    if (all) return true;
    if (Clock::now() >= deadline) {
      start_error_ = "smppd did not listen within the start timeout:\n" + log();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string SmppdProcess::log() const { return read_file(log_path()); }

std::string SmppdProcess::sanitizer_report() const {
  const std::string text = log();
  for (const char* marker : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"}) {
    const size_t at = text.find(marker);
    if (at == std::string::npos) continue;
    const size_t line_start = text.rfind('\n', at);
    return text.substr(line_start == std::string::npos ? 0 : line_start + 1, 4000);
  }
  return {};
}

uint64_t SmppdProcess::resident_kib() const {
  std::ifstream status("/proc/" + std::to_string(child_.pid()) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool port_listening(uint16_t port) {
  // "  0: 0100007F:1F90 00000000:0000 0A ..." : local address:port in hex, state 0A is LISTEN.
  std::ifstream table("/proc/net/tcp");
  std::string line;
  std::getline(table, line);  // header
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    const size_t colon = local.find(':');
    if (colon == std::string::npos || state != "0A") continue;
    if (std::strtoul(local.c_str() + colon + 1, nullptr, 16) == port) return true;
  }
  return false;
}

uint64_t raise_fd_limit(uint64_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = std::min<rlim_t>(wanted, limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace smppd::testing
