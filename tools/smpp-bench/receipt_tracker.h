#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace smppd::tools::bench {

// Matches delivery receipts to the submits they report on, across sessions and threads: a receipt
// may come back on another session than its submit, and through a proxy even before the
// submit_sm_resp. Ids are compared by the codec's canonical key (case and leading zeros aside).
// Shards, each behind its own mutex, keep threads from queueing on one lock.
class ReceiptTracker {
 public:
  using Clock = std::chrono::steady_clock;

  struct Match {
    bool measured = false;  // the submit was sent inside the measured period
    Clock::duration latency{};  // submit sent -> receipt arrived
  };

  // A submit acknowledged with this message id, sent at `sent`. Returns the match when its
  // receipt came first.
  std::optional<Match> expect(std::string_view message_id, Clock::time_point sent, bool measured);
  // A receipt for this message id arrived. Returns the match when its submit is known.
  std::optional<Match> receive(std::string_view message_id, Clock::time_point arrived);

  // Measured submits still waiting for their receipt.
  uint64_t missing() const { return missing_.load(std::memory_order_relaxed); }
  // Receipts that matched no submit (yet), and receipts for an id already reported.
  uint64_t unmatched() const { return unmatched_.load(std::memory_order_relaxed); }
  uint64_t duplicates() const { return duplicates_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 64;

  struct Waiting {
    Clock::time_point at;  // submit sent, or receipt arrived when receipt_first
    bool measured = false;
    bool receipt_first = false;
  };

  struct alignas(64) Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Waiting> waiting;
  };

  Shard& shard_of(const std::string& key);

  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> missing_{0};
  std::atomic<uint64_t> unmatched_{0};
  std::atomic<uint64_t> duplicates_{0};
};

}  // namespace smppd::tools::bench
