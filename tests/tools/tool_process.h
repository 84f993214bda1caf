#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace smppd::testing {

// One tool (smpp-bench, smpp-client) run as a child process, its stdout and stderr going to a file
// in a fresh temp dir. The destructor kills (SIGKILL) and reaps it if it still runs, and removes
// the dir; the child dies with the test process (PR_SET_PDEATHSIG).
class ToolProcess {
 public:
  // arguments[0] is the binary.
  explicit ToolProcess(std::vector<std::string> arguments);
  ~ToolProcess();
  ToolProcess(const ToolProcess&) = delete;
  ToolProcess& operator=(const ToolProcess&) = delete;

  bool started() const { return child_.pid() > 0; }
  const std::string& start_error() const { return start_error_; }
  // Everything it printed so far.
  std::string output() const;

  bool running() { return child_.running(); }
  // Sends a signal (SIGKILL: a tool that dies mid-traffic); false when it no longer runs.
  bool send_signal(int signal_number) { return child_.send_signal(signal_number); }
  // Its exit code, 128 + the signal that ended it, or nothing while it still runs after `timeout`.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout) { return child_.wait_for_exit(timeout); }
  // SIGTERM, then wait_for_exit(timeout); SIGKILL after that.
  std::optional<int> stop(std::chrono::milliseconds timeout) { return child_.stop(timeout); }

 private:
  std::string dir_;
  std::string output_path_;
  ChildProcess child_;
  std::string start_error_;
};

struct ToolResult {
  std::optional<int> exit_code;  // nothing: still running at the timeout (then killed)
  std::string output;
};

// Runs a tool to its end.
ToolResult run_tool(std::vector<std::string> arguments, std::chrono::milliseconds timeout);

}  // namespace smppd::testing
