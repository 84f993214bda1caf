#include "tests/tools/tool_process.h"

#include <filesystem>

#include "tests/support/run_command.h"
#include "tests/support/smppd_process.h"

namespace smppd::testing {

ToolProcess::ToolProcess(std::vector<std::string> arguments)
    : dir_(make_temp_dir("smppd-tool")), output_path_(dir_ + "/output.log") {
  child_.spawn(std::move(arguments), output_path_, start_error_);
}

ToolProcess::~ToolProcess() {
  child_.kill_and_reap();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string ToolProcess::output() const { return read_file(output_path_); }

ToolResult run_tool(std::vector<std::string> arguments, std::chrono::milliseconds timeout) {
  ToolProcess process(std::move(arguments));
  ToolResult result;
  result.exit_code = process.wait_for_exit(timeout);
  result.output = process.output();
  return result;
}

}  // namespace smppd::testing
