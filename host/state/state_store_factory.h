#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/config/config.h"
#include "host/plugin/plugin_registry.h"
#include "host/state/state_store.h"

namespace smppd::state {

struct OpenedStateStore {
  std::unique_ptr<StateStore> store;
  std::string error;  // why it could not open, for the operator: file, key and reason
};

// Checks `[state]` against the loaded plugins without opening anything (what `--mode validate`
// checks): a plugin offers the state store `backend` names, and `[state.<backend>]` passes that
// factory's schema. False with every reason appended to `errors`.
bool check_state_store(const config::Config& config, const plugin::PluginRegistry& plugins,
                       std::vector<std::string>& errors);

// The backend `[state]` names (a state store plugin), checked as above and opened with its table
// and `[state] path` as the node's folder, ready for calls.
OpenedStateStore open_state_store(const config::Config& config, const plugin::PluginRegistry& plugins);

}  // namespace smppd::state
