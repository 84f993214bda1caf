#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "plugins/upstream/mock/deliver_sm.h"
#include "smppd/common.h"

namespace smppd::plugins::mock {

enum class MockStat { submits, submit_errors, receipts, mo_messages, deliveries_refused };

// What the mock SMSC needs from smppd, so that its logic stays apart from the ABI (plugin.cc
// implements it over the host's table). Any thread.
class MockServices {
 public:
  virtual ~MockServices() = default;

  // Runs task once after `delay` (also at smppd's stop, then at once). SMPPD_OK or the host's
  // refusal; a refused task is dropped unrun.
  virtual int32_t schedule(std::chrono::nanoseconds delay, std::function<void()> task) const = 0;
  virtual int32_t complete(uint64_t token, uint32_t command_status, std::string_view message_id) const = 0;
  // Builds the host's deliver_sm and hands it to smppd.
  virtual int32_t deliver(const DeliverSm& message) const = 0;
  virtual int64_t monotonic_ns() const noexcept = 0;
  virtual int64_t realtime_ns() const noexcept = 0;
  virtual void count(MockStat stat) const noexcept = 0;
  virtual void warn(std::string_view message) const noexcept = 0;
};

}  // namespace smppd::plugins::mock
