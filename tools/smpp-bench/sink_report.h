#pragma once

#include <chrono>
#include <string>

#include "tools/smpp-bench/sink_counters.h"

namespace smppd::tools::bench {

// One line of the sink's counters, with the submit rate since the previous line.
std::string format_sink_line(std::chrono::duration<double> elapsed, const SinkTotals& now, const SinkTotals& before,
                             std::chrono::duration<double> interval);

// The final counts, one per line.
std::string format_sink_summary(std::chrono::duration<double> elapsed, const SinkTotals& totals);

}  // namespace smppd::tools::bench
