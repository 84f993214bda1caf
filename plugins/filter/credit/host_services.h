#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "plugins/filter/credit/credit_stats.h"
#include "smppd/cxx/severity.hpp"
#include "smppd/cxx/state.hpp"

namespace smppd::plugins::credit {

using Severity = smppd::cxx::Severity;

// What the credit logic needs from smppd. The ABI file (plugin.cc) implements it over the host's
// tables; everything else in this folder stays free of the ABI (the state store's operations are
// the SDK's value types, smppd/cxx/state.hpp). Every function may be called from any thread.
class HostServices {
 public:
  virtual ~HostServices() = default;

  virtual int64_t realtime_ns() const noexcept = 0;
  // For intervals (how long a grant went unused): never jumps with the wall clock.
  virtual int64_t monotonic_ns() const noexcept = 0;
  virtual bool log_enabled(Severity severity) const noexcept = 0;
  virtual void log(Severity severity, std::string_view message) const noexcept = 0;
  // One line of the audit trail, at info on the plugin's "audit" logger.
  virtual void audit(std::string_view line) const noexcept = 0;
  virtual void count(Stat stat, uint64_t delta = 1) const noexcept = 0;
  virtual void set_accounts_below_threshold(int64_t accounts) const noexcept = 0;

  // The state store. available(): false while it cannot be reached. execute(): runs `ops` as one
  // atomic batch and calls `done` once with the answer, on a host thread; false when no answer
  // will come (queue full, no store, stopping): `done` never runs then.
  virtual bool store_available() const noexcept = 0;
  virtual bool execute(std::vector<cxx::state::StateOp> ops, std::function<void(cxx::state::BatchResult)> done) const = 0;

  // Runs `work` on the blocking pool (file writes); false when it will not run.
  virtual bool run_blocking(std::function<void()> work) const = 0;
  // Runs `task` once after `delay` on a host timer thread; false when it will not run.
  virtual bool schedule(std::chrono::nanoseconds delay, std::function<void()> task) const = 0;

  // Ends the paused request `token`. false: the call is gone (its session closed or its deadline
  // passed; the host calls or called on_cancel).
  virtual bool resume_charged(uint64_t token, std::string_view reservation_id, int64_t cost) const noexcept = 0;
  virtual bool resume_continue(uint64_t token) const noexcept = 0;
  virtual bool resume_stop(uint64_t token, uint32_t command_status) const noexcept = 0;
};

}  // namespace smppd::plugins::credit
