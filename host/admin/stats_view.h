#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "host/stats/stats_store.h"

namespace smppd::admin {

// Which stats /stats shows: ?filter=<RE2> (names it finds a match in) and ?usedonly.
struct StatsSelection {
  std::optional<std::string> filter;
  bool used_only = false;
};

// The selected stats sorted by name; false with `error` set when the filter does not compile.
bool select_stats(std::vector<stats::MetricSnapshot>& metrics, const StatsSelection& selection, std::string& error);

// "name: value" per line; a histogram "name: count=N sum=S p50=.. p90=.. p99=.. p999=..".
std::string stats_text(const std::vector<stats::MetricSnapshot>& metrics);
// {"stats": [{"name", "type", "value"} | {"name", "type": "histogram", "count", "sum", "p50", ..}]}
boost::json::value stats_json(const std::vector<stats::MetricSnapshot>& metrics);

}  // namespace smppd::admin
