#pragma once

// The operations and answers of the state store: the SDK's types (sdk/include/smppd/cxx/state.hpp),
// which the host and every backend share, under the names this plugin uses.
#include "smppd/cxx/state.hpp"

namespace smppd::plugins::embedded {

namespace op = ::smppd::cxx::state::op;
using ::smppd::cxx::state::BatchResult;
using ::smppd::cxx::state::kMaxBatchOps;
using ::smppd::cxx::state::kNoCeiling;
using ::smppd::cxx::state::kNoExpiry;
using ::smppd::cxx::state::kNoFloor;
using ::smppd::cxx::state::ListItem;
using ::smppd::cxx::state::name_of;
using ::smppd::cxx::state::refused_batch;
using ::smppd::cxx::state::StateCode;
using ::smppd::cxx::state::StateOp;
using ::smppd::cxx::state::StateResult;
using ::smppd::cxx::state::StateStatus;
using ::smppd::cxx::state::Ttl;

}  // namespace smppd::plugins::embedded
