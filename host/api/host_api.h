#pragma once

#include "smppd/plugin.h"

namespace smppd::api {

// The table of host functions handed to every plugin: static, valid for the life of the process.
const smppd_host_api* host_table();

// What core->worker_count and core->current_worker answer: set by the server as workers start.
void set_worker_count(int32_t count);
void set_current_worker(int32_t index);  // on the worker's own thread

}  // namespace smppd::api
