#pragma once

#include <optional>
#include <string>

#include "tools/smpp-bench/load_options.h"
#include "tools/smpp-bench/sink_options.h"

namespace smppd::tools::bench {

enum class BenchMode : uint8_t { help, load, sink };

// The command line of smpp-bench: `smpp-bench load ...` or `smpp-bench sink ...`.
struct BenchCommand {
  BenchMode mode = BenchMode::help;
  LoadOptions load;
  SinkOptions sink;
  std::string help_text;
};

struct BenchParseResult {
  std::optional<BenchCommand> command;
  std::string error;  // set when command is not
};

BenchParseResult parse_bench_command(int argc, const char* const* argv);

}  // namespace smppd::tools::bench
