#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "smppd/cxx/severity.hpp"

namespace smppd::plugins::ratelimit {

using Severity = smppd::cxx::Severity;

// What the rate limiter needs from smppd. plugin.cc implements it over the host's table; the rest
// of this folder stays free of the ABI. Every function but define_counter may be called from any
// thread.
class HostServices {
 public:
  virtual ~HostServices() = default;

  // Nanoseconds of a monotonic clock: local limits refill by it.
  virtual int64_t monotonic_ns() const noexcept = 0;
  virtual bool log_enabled(Severity severity) const noexcept = 0;
  virtual void log(Severity severity, std::string_view message) const noexcept = 0;
  // Control thread, while the config is made: a counter's handle, nullopt when the host has none.
  virtual std::optional<uint32_t> define_counter(std::string_view name, std::string_view help) const = 0;
  virtual void count(uint32_t counter, uint64_t delta) const noexcept = 0;
  // Whether other nodes share the state store. When none do, a global limit is exactly as exact
  // counted in this process, without a store round trip per message.
  virtual bool store_shared() const noexcept = 0;
};

}  // namespace smppd::plugins::ratelimit
