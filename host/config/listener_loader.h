#pragma once

#include "host/config/listener_config.h"
#include "host/config/table_reader.h"

namespace smppd::config {

// One `[[listeners]]` table, its tls, session, bind_throttle and filters included.
ListenerConfig read_listener(TableReader& reader);
// A `tls` table of a listener (or of the admin server).
ListenerTlsConfig read_listener_tls(TableReader& reader);

}  // namespace smppd::config
