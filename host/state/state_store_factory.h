#pragma once

#include <memory>
#include <string>

#include "host/config/config.h"
#include "host/state/state_store.h"

namespace smppd::state {

struct OpenedStateStore {
  std::unique_ptr<StateStore> store;
  std::string error;  // why it could not open, for the operator
};

// The backend `[state]` names, opened and ready for calls.
OpenedStateStore open_state_store(const config::StateConfig& config);

}  // namespace smppd::state
