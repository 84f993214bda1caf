#pragma once

#include "host/state/state_store.h"
#include "smppd/state.h"

namespace smppd::api {

// The store host->state->execute() runs on: the Server's, installed once it is open and removed
// (null) before it closes, so that plugin calls then answer SMPPD_E_STATE. Waits for the calls
// already inside the previous store to return (they never block). Control thread.
void install_state_store(state::StateStore* store);

// The state table of the plugin ABI (smppd/state.h): execute() for filters, complete() for
// state store backends, available(). A batch's answer is called on the host's timer thread,
// never inside execute().
const smppd_state_api* state_table();

}  // namespace smppd::api
