#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "tools/smpp-bench/receipt_tracker.h"
#include "tools/smpp-bench/token_bucket.h"

namespace smppd::tools::bench {

enum class LoadPhase : uint8_t {
  binding,    // sessions connect and bind, then wait
  sending,    // from the start until send_end
  unbinding,  // every resp and receipt is in (or given up on): unbind
  aborting,   // a bind failed: close without unbinding
};

// What the runner (main thread) and the sessions (worker threads) share. The times are written
// before the phase turns to `sending` and only read after, so the phase's release/acquire orders
// them.
class LoadControl {
 public:
  using Clock = std::chrono::steady_clock;

  LoadPhase phase() const { return phase_.load(std::memory_order_acquire); }
  void set_phase(LoadPhase phase) { phase_.store(phase, std::memory_order_release); }

  Clock::time_point measure_start;
  Clock::time_point send_end;
  std::unique_ptr<TokenBucket> bucket;  // null: flat out
  ReceiptTracker receipts;

  std::atomic<uint32_t> bound{0};
  std::atomic<uint32_t> bind_failed{0};
  std::atomic<uint32_t> drained{0};

  // The first failure a session met, for the report.
  void report_error(const std::string& error) {
    std::lock_guard lock(mutex_);
    if (first_error_.empty()) first_error_ = error;
  }
  std::string first_error() const {
    std::lock_guard lock(mutex_);
    return first_error_;
  }

 private:
  std::atomic<LoadPhase> phase_{LoadPhase::binding};
  mutable std::mutex mutex_;
  std::string first_error_;
};

}  // namespace smppd::tools::bench
