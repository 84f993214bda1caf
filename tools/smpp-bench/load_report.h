#pragma once

#include <string>

#include "tools/smpp-bench/load_options.h"
#include "tools/smpp-bench/load_runner.h"

namespace smppd::tools::bench {

// The report of a load run for a person: a few aligned lines, latencies in milliseconds.
std::string format_load_report(const LoadOptions& options, const LoadResult& result);

// The same as one JSON object on one line, for scripts (tools/bench). Latencies in whole
// microseconds, durations in milliseconds.
std::string format_load_json(const LoadOptions& options, const LoadResult& result);

}  // namespace smppd::tools::bench
