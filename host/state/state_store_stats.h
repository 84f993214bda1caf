#pragma once

#include "host/stats/stats_store.h"

namespace smppd::state {

// The state store's metrics, the same whichever backend runs (smppd.state.*).
struct StateStoreStats {
  explicit StateStoreStats(stats::StatsStore& store);

  stats::Metric& ops_total;    // operations completed, whatever their answer
  stats::Metric& ops_failed;   // of those: busy, unavailable or error
  stats::Metric& queue_depth;  // calls waiting for the store thread
  stats::Metric& batch_size;   // operations per commit round (group commit)
  stats::Metric& latency_us;   // microseconds from the call to its completion being posted
};

}  // namespace smppd::state
