#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "tools/smpp-bench/load_options.h"
#include "tools/smpp-bench/load_stats.h"

namespace smppd::tools::bench {

struct LoadResult {
  uint32_t sessions_bound = 0;
  std::string error;  // the first failure (a bind refused, a session lost)
  LoadStats totals;   // all threads added up
  std::chrono::duration<double> measured{};  // the measured sending period
  uint64_t receipts_missing = 0;    // measured submits whose receipt never came
  uint64_t receipts_unmatched = 0;  // receipts that matched no submit
  uint64_t receipts_duplicate = 0;

  // Every session bound and stayed up, every submit was answered, every receipt asked for came.
  bool success(const LoadOptions& options) const;
};

// Runs `smpp-bench load`: one io_context per thread, sessions spread over them, from binding to
// unbinding. Blocks until done.
LoadResult run_load(const LoadOptions& options);

}  // namespace smppd::tools::bench
