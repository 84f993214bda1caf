#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace smppd::testing {

// A child process run by a test: stdin from /dev/null, stdout and stderr to one file, a clean
// signal mask and SIGPIPE at its default. It dies with the test process (PR_SET_PDEATHSIG), and
// the destructor kills (SIGKILL) and reaps it if it still runs.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // arguments[0] is the binary. False, with `error` set, when it could not be started.
  bool spawn(std::vector<std::string> arguments, const std::string& output_path, std::string& error);

  pid_t pid() const { return pid_; }
  bool running();
  // Sends a signal; false when the child no longer runs.
  bool send_signal(int signal_number);
  // Its exit code, 128 + the signal that ended it, or nothing while it still runs after `timeout`.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
  // SIGTERM, then wait_for_exit(timeout); SIGKILL after that.
  std::optional<int> stop(std::chrono::milliseconds timeout);
  std::optional<int> exit_code() const { return exit_code_; }
  // SIGKILL and reap, when it still runs.
  void kill_and_reap();

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace smppd::testing
