#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "plugins/upstream/mock/deliver_sm.h"
#include "plugins/upstream/mock/message_id_generator.h"
#include "plugins/upstream/mock/mock_config.h"
#include "plugins/upstream/mock/mock_services.h"
#include "plugins/upstream/mock/receipt_state.h"
#include "plugins/upstream/mock/submitted_message.h"

namespace smppd::plugins::mock {

// A simulated SMSC behind one cluster: answers each submit after a drawn latency with a drawn
// status, sends the receipts that registered_delivery asks for, and MO at a steady rate.
//
// Its timers may run after the transport stopped and after its config was freed (smppd runs
// every accepted timer, at its stop at once), so each holds a shared_ptr to this object and
// nothing else; stop() raises a flag under the same mutex that every complete() and deliver()
// is made under, so none is made once stop() returns.
class MockSmsc : public std::enable_shared_from_this<MockSmsc> {
 public:
  // Seeds its generator from config->seed, else from std::random_device (which may throw).
  MockSmsc(std::shared_ptr<const MockConfig> config, std::shared_ptr<const MockServices> services,
           MessageIdGenerator& ids);

  // Starts the MO stream when mo.rate_per_second asks for one. Control thread, once.
  void start();

  // Any worker, several at once: draws the latency and the outcome, takes a message id for a
  // success, and schedules the complete() (and, after it, the receipt). SMPPD_OK, or the host's
  // refusal to schedule (then complete() will not come), or SMPPD_E_STATE once stopped.
  int32_t submit(SubmittedMessage message, uint64_t token);

  // Control thread: no complete() or deliver() once it returns; timers still waiting find the
  // flag and do nothing.
  void stop();
  bool stopped() const noexcept { return stopped_.load(std::memory_order_acquire); }

 private:
  struct Draw {
    std::chrono::nanoseconds latency{0};
    uint32_t status = 0;
    ReceiptState state = ReceiptState::delivered;
    std::chrono::nanoseconds receipt_delay{0};
  };

  Draw draw();
  ReceiptState draw_state();  // random_mutex_ held
  void finish(uint64_t token, const Draw& outcome, const std::string& message_id, const SubmittedMessage& message,
              int64_t submitted_realtime_ns);
  void send_receipt(const std::string& message_id, ReceiptState state, const SubmittedMessage& message,
                    int64_t submitted_realtime_ns);
  void schedule_mo_tick();
  void mo_tick();
  // reach_mutex_ held.
  void deliver_counted(const DeliverSm& message, MockStat stat);

  const std::shared_ptr<const MockConfig> config_;
  const std::shared_ptr<const MockServices> services_;
  MessageIdGenerator& ids_;

  std::mutex random_mutex_;
  std::mt19937_64 random_;

  // Held while anything reaches smppd, so that stop() waits for the one under way.
  std::mutex reach_mutex_;
  std::atomic<bool> stopped_{false};
  const DeliverSm mo_message_;
  std::chrono::nanoseconds mo_interval_{0};
  int64_t mo_started_ns_ = 0;
  uint64_t mo_sent_ = 0;  // reach_mutex_
};

}  // namespace smppd::plugins::mock
