#pragma once

// How a state store operation ended: the SDK's types (sdk/include/smppd/cxx/state.hpp).
#include "smppd/cxx/state.hpp"

namespace smppd::state {

using ::smppd::cxx::state::name_of;
using ::smppd::cxx::state::StateCode;
using ::smppd::cxx::state::StateStatus;

}  // namespace smppd::state
