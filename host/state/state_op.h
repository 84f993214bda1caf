#pragma once

// The operations a state store applies. They are the SDK's types (sdk/include/smppd/cxx/state.hpp),
// so the host, the backends and the filters that use the store share one definition; keys, values
// and list names are byte strings, and callers keep to a namespace by prefix (state_keys.h).
#include "smppd/cxx/state.hpp"

namespace smppd::state {

namespace op = ::smppd::cxx::state::op;
using ::smppd::cxx::state::kMaxBatchOps;
using ::smppd::cxx::state::kNoCeiling;
using ::smppd::cxx::state::kNoExpiry;
using ::smppd::cxx::state::kNoFloor;
using ::smppd::cxx::state::StateOp;
using ::smppd::cxx::state::Ttl;

}  // namespace smppd::state
