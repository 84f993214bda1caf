#pragma once

#include "host/config/cluster_config.h"
#include "host/config/table_reader.h"

namespace smppd::config {

// One `[[clusters]]` table, its endpoints and health, outlier and circuit breaker tables included.
ClusterConfig read_cluster(TableReader& reader);

}  // namespace smppd::config
