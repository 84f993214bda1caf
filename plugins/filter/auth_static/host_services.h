#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "plugins/filter/auth_static/auth_stats.h"
#include "plugins/filter/auth_static/bind_request.h"
#include "smppd/cxx/severity.hpp"

namespace smppd::plugins::auth_static {

using Severity = smppd::cxx::Severity;

// What the filter's logic needs from smppd. The ABI file implements it over the host's table;
// everything else in this folder stays free of the ABI. Every function may be called from any
// thread.
class HostServices {
 public:
  virtual ~HostServices() = default;

  virtual int64_t monotonic_ns() const noexcept = 0;
  virtual bool log_enabled(Severity severity) const noexcept = 0;
  virtual void log(Severity severity, std::string_view message) const noexcept = 0;
  virtual void count(Stat stat) const noexcept = 0;
  virtual void add_verifications_in_flight(int64_t delta) const noexcept = 0;
  // Runs `work` on the host's blocking pool. False when the pool's queue is full (or there is no
  // pool): `work` then never runs.
  virtual bool run_blocking(std::function<void()> work) const = 0;

  enum class Delivery {
    delivered,  // the host took the answer
    gone,       // the call ended first (session closed, deadline passed)
    failed      // the answer could not be given as meant; the call was refused instead
  };
  // Ends the paused bind `token`: an accepted one carries its principal to the session.
  virtual Delivery finish_bind(uint64_t token, const BindResult& result) const noexcept = 0;
};

}  // namespace smppd::plugins::auth_static
