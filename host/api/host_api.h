#pragma once

#include "smppd/plugin.h"

namespace smppd::api {

// The table of host functions handed to every plugin: static, valid for the life of the process.
const smppd_host_api* host_table();

}  // namespace smppd::api
