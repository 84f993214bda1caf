#pragma once

#include <string>
#include <vector>

#include "host/stats/stats_store.h"

namespace smppd::admin {

// The Prometheus text exposition (format 0.0.4) of the stats, as docs/admin-api.md names them:
// each stat's family with its labels, counters ending in _total, durations in seconds (a stat
// counted in _us or _ms is scaled), histograms as cumulative _bucket{le=..} series with _sum and
// _count. One HELP and TYPE line per family, its series together.
std::string prometheus_text(std::vector<stats::MetricSnapshot> metrics);

}  // namespace smppd::admin
