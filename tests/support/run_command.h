#pragma once

#include <string>

namespace smppd::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // standard output only
};

// Runs a shell command line and collects its standard output. For test oracles (tshark,
// text2pcap) only: the command line is trusted test code, never input.
CommandResult run_command(const std::string& command_line);

// A fresh directory under the test temp dir, unique per call.
std::string make_temp_dir(const std::string& prefix);

}  // namespace smppd::testing
