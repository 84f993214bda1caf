#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "host/restart/restart_message.h"
#include "host/stats/stats_store.h"

namespace smppd::restart {

// The parent's side of carrying counters over: each reply holds what every counter grew by since
// the last one, so the child can add replies up (one when it starts, a last one when the parent
// has drained). Gauges and histograms stay: they describe the live process.
class CounterHandover {
 public:
  std::vector<CounterValue> take_growth(const stats::StatsStore& store);

 private:
  std::unordered_map<std::string, int64_t> handed_over_;
};

// The child's side: adds each value to the counter of that name (made when this process has none
// yet). A name this process uses for a gauge or histogram is skipped. Answers how many were added.
size_t add_counters(stats::StatsStore& store, const std::vector<CounterValue>& counters);

}  // namespace smppd::restart
