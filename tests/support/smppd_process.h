#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace smppd::testing {

// How to run the smppd binary under test. The paths come from the test target's compile
// definitions (the build's smppd and plugin dir).
struct SmppdOptions {
  std::string binary;
  std::string plugin_dir;
  std::string log_level = "debug";
  uint32_t concurrency = 2;
  std::optional<uint32_t> drain_time_s;
  std::vector<std::string> extra_arguments;
  // The listener ports to wait for; smppd counts as started once it listens on each.
  std::vector<uint16_t> ports;
  std::chrono::milliseconds start_timeout{10000};
};

// One smppd child process: its config file and log live in a fresh temp dir. The constructor
// writes the config, starts `smppd -c <file> --plugin-dir <dir> --concurrency N --log-level L`
// with stdout and stderr going to <dir>/smppd.log, and waits until every port in options.ports
// listens (port_listening). The destructor kills (SIGKILL) and reaps it if it still runs, and
// removes the dir. The child dies with the test process (PR_SET_PDEATHSIG): no smppd outlives a
// crashed test.
class SmppdProcess {
 public:
  SmppdProcess(const std::string& config_text, SmppdOptions options);
  ~SmppdProcess();
  SmppdProcess(const SmppdProcess&) = delete;
  SmppdProcess& operator=(const SmppdProcess&) = delete;

  // True when smppd runs and listens on every port asked for; start_error() says why not.
  bool started() const { return started_; }
  const std::string& start_error() const { return start_error_; }

  pid_t pid() const { return child_.pid(); }
  const std::string& dir() const { return dir_; }
  std::string config_path() const { return dir_ + "/smppd.toml"; }
  std::string log_path() const { return dir_ + "/smppd.log"; }
  // Everything smppd wrote so far.
  std::string log() const;
  // The first AddressSanitizer, LeakSanitizer or UBSan report in the log, or "".
  std::string sanitizer_report() const;

  // Resident memory (VmRSS) in KiB, 0 when it cannot be read.
  uint64_t resident_kib() const;

  bool running() { return child_.running(); }
  bool send_signal(int signal_number) { return child_.send_signal(signal_number); }
  // Waits for smppd to exit: its exit code, 128 + the signal that ended it, or nothing when it is
  // still running after `timeout`.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout) { return child_.wait_for_exit(timeout); }
  // SIGTERM, then wait up to `timeout` for the exit code (see wait_for_exit); SIGKILL after that.
  std::optional<int> stop(std::chrono::milliseconds timeout) { return child_.stop(timeout); }
  // Keep the temp dir (config and log) after destruction, to look at a failure.
  void keep_dir() { keep_dir_ = true; }

 private:
  bool spawn(const SmppdOptions& options);
  bool wait_until_listening(const SmppdOptions& options);

  std::string dir_;
  ChildProcess child_;
  bool started_ = false;
  bool keep_dir_ = false;
  std::string start_error_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close).
uint16_t free_port();

// Whether a socket listens on TCP port `port` (any local address) right now, read from
// /proc/net/tcp: unlike a probe connection, looking leaves no session behind in smppd.
bool port_listening(uint16_t port);

// Raises this process's soft RLIMIT_NOFILE to at least `wanted` (children inherit it), up to the
// hard limit. Returns the soft limit in force afterwards.
uint64_t raise_fd_limit(uint64_t wanted);

// The whole file, or "" when it cannot be read.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

}  // namespace smppd::testing
