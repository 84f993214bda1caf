#pragma once

// What state store operations answer: the SDK's types (sdk/include/smppd/cxx/state.hpp).
#include "host/state/state_status.h"
#include "smppd/cxx/state.hpp"

namespace smppd::state {

using ::smppd::cxx::state::BatchResult;
using ::smppd::cxx::state::ListItem;
using ::smppd::cxx::state::refused_batch;
using ::smppd::cxx::state::StateResult;

}  // namespace smppd::state
