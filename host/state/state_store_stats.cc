#include "host/state/state_store_stats.h"

namespace smppd::state {

StateStoreStats::StateStoreStats(stats::StatsStore& store)
    : ops_total(store.counter("smppd.state.ops_total", "State store operations completed")),
      ops_failed(store.counter("smppd.state.ops_failed",
                               "State store operations that failed: busy, unavailable or error")),
      queue_depth(store.gauge("smppd.state.queue_depth", "State store calls waiting for the store thread")),
      batch_size(store.histogram("smppd.state.batch_size", "State store operations per commit round")),
      latency_us(store.histogram("smppd.state.latency_us",
                                 "Microseconds from a state store call to its completion")) {}

}  // namespace smppd::state
