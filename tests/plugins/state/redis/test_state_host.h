// The least a state store backend needs of smppd, as a test builds it: smppd_host_api with log,
// metrics and state->complete (the other tables are absent). Logs and metrics are kept to look
// at; every completion counts how often it was completed, so "exactly once" can be checked.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "smppd/cxx/state.hpp"
#include "smppd/plugin.h"

// The host's side of a batch: the C type is opaque to plugins and defined by whoever hosts them.
struct smppd_state_completion {
  size_t op_count = 0;
  std::function<void(const smppd::cxx::state::BatchResult&)> done;
  std::atomic<int> completions{0};
};

namespace smppd::plugins::redis::testing {

class TestStateHost {
 public:
  // One per process: C tables have no room for a `this`.
  static TestStateHost& instance();

  const smppd_host_api* api() const { return &api_; }
  const smppd_plugin_ref* plugin() const;

  std::vector<std::string> logs() const;
  // Whether a line logged so far contains `text`.
  bool logged(std::string_view text) const;
  int64_t metric(std::string_view name) const;

 private:
  TestStateHost();

  smppd_host_api api_{};
  smppd_log_api log_{};
  smppd_metrics_api metrics_{};
  smppd_state_api state_{};
};

}  // namespace smppd::plugins::redis::testing
