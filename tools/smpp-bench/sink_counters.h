#pragma once

#include <atomic>
#include <cstdint>

namespace smppd::tools::bench {

// A counter that one thread writes and any thread reads: a relaxed load and store, so counting on
// the data path costs no locked instruction.
class SingleWriterCounter {
 public:
  void add(uint64_t n = 1) { value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  uint64_t get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// What the sink did, per worker thread (only that thread writes them).
struct SinkCounters {
  SingleWriterCounter sessions_opened;
  SingleWriterCounter sessions_closed;
  SingleWriterCounter binds;
  SingleWriterCounter submits;
  SingleWriterCounter submit_ok;
  SingleWriterCounter throttled;
  SingleWriterCounter failed;    // answered with a --fail-status status
  SingleWriterCounter dropped;   // left unanswered (--drop-percent)
  SingleWriterCounter refused;   // submits before bind or on a receiver, unsupported commands
  SingleWriterCounter receipts_sent;
  SingleWriterCounter receipt_resps;
  SingleWriterCounter receipt_errors;       // deliver_sm_resp with an error, or generic_nack
  SingleWriterCounter receipts_retried;     // refused for now, queued to be sent again
  SingleWriterCounter receipts_unroutable;  // no receiver or transceiver bound for the system_id
  SingleWriterCounter receipts_dropped;     // the session closed with receipts still queued
  SingleWriterCounter enquire_links;
  SingleWriterCounter unbinds;
  SingleWriterCounter malformed;
};

// The counters of all workers added up, at one moment.
struct SinkTotals {
  uint64_t sessions_opened = 0;
  uint64_t sessions_closed = 0;
  uint64_t binds = 0;
  uint64_t submits = 0;
  uint64_t submit_ok = 0;
  uint64_t throttled = 0;
  uint64_t failed = 0;
  uint64_t dropped = 0;
  uint64_t refused = 0;
  uint64_t receipts_sent = 0;
  uint64_t receipt_resps = 0;
  uint64_t receipt_errors = 0;
  uint64_t receipts_retried = 0;
  uint64_t receipts_unroutable = 0;
  uint64_t receipts_dropped = 0;
  uint64_t enquire_links = 0;
  uint64_t unbinds = 0;
  uint64_t malformed = 0;

  uint64_t sessions_active() const { return sessions_opened - sessions_closed; }

  void add(const SinkCounters& counters) {
    sessions_opened += counters.sessions_opened.get();
    sessions_closed += counters.sessions_closed.get();
    binds += counters.binds.get();
    submits += counters.submits.get();
    submit_ok += counters.submit_ok.get();
    throttled += counters.throttled.get();
    failed += counters.failed.get();
    dropped += counters.dropped.get();
    refused += counters.refused.get();
    receipts_sent += counters.receipts_sent.get();
    receipt_resps += counters.receipt_resps.get();
    receipt_errors += counters.receipt_errors.get();
    receipts_retried += counters.receipts_retried.get();
    receipts_unroutable += counters.receipts_unroutable.get();
    receipts_dropped += counters.receipts_dropped.get();
    enquire_links += counters.enquire_links.get();
    unbinds += counters.unbinds.get();
    malformed += counters.malformed.get();
  }
};

}  // namespace smppd::tools::bench
