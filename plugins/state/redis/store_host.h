#pragma once

#include <cstdint>
#include <string_view>

#include "smppd/cxx/host.hpp"

namespace smppd::plugins::redis {

enum class StoreCounter : uint8_t {
  batches,        // batches sent to Redis (one EVALSHA each)
  commands_sent,  // every command written: batches, their EVAL retries, handshakes
  round_trips,    // batch replies received
  reconnects,     // connections made after the first
  failovers,      // connections to another primary than the last one
  errors,         // batches answered ERROR, failed connection attempts
  timeouts,       // batches unanswered after command_timeout_ms (the connection is reset)
  busy,           // batches refused BUSY (max_pending)
  unavailable,    // batches answered UNAVAILABLE
};
inline constexpr size_t kStoreCounterCount = 9;

enum class StoreGauge : uint8_t {
  pending,    // batches taken and not answered yet
  connected,  // 1 while the store answers
};
inline constexpr size_t kStoreGaugeCount = 2;

// What the store needs of the host: logs and metrics, from any thread. plugin.cc implements it
// over smppd_host_api; tests may implement it over anything.
class StoreHost {
 public:
  virtual ~StoreHost() = default;
  virtual bool log_enabled(smppd::cxx::LogLevel level) const noexcept = 0;
  virtual void log(smppd::cxx::LogLevel level, std::string_view message) const noexcept = 0;
  virtual void count(StoreCounter counter, uint64_t delta = 1) const noexcept = 0;
  virtual void gauge_add(StoreGauge gauge, int64_t delta) const noexcept = 0;
  virtual void gauge_set(StoreGauge gauge, int64_t value) const noexcept = 0;
};

}  // namespace smppd::plugins::redis
