#pragma once

#include "host/config/route_config.h"
#include "host/config/table_reader.h"
#include "host/config/unique_names.h"

namespace smppd::config {

// One `[[routes]]` table. Every cluster it sends to must be among `clusters`.
RouteConfig read_route(TableReader& reader, const UniqueNames& clusters);

// One `[[mo_routes]]` table. Every cluster its match names must be among `clusters`.
MoRouteConfig read_mo_route(TableReader& reader, const UniqueNames& clusters);

}  // namespace smppd::config
