#pragma once

#include <cstdint>
#include <map>

#include "tools/smpp-bench/latency_histogram.h"

namespace smppd::tools::bench {

// What the sessions of one thread saw; only that thread writes it, and the runner adds the
// threads' stats up once they have stopped. Submits count when they were sent inside the measured
// period (after the warmup).
struct LoadStats {
  uint64_t acknowledged = 0;  // a resp or generic_nack came back
  uint64_t ok = 0;            // ... with ESME_ROK
  uint64_t generic_nacks = 0;
  std::map<uint32_t, uint64_t> errors;  // resps with another command_status, by status
  uint64_t timeouts = 0;                // no resp within the response timeout
  uint64_t closed = 0;                  // the session ended before the resp
  LatencyHistogram latency;             // submit sent -> resp received

  uint64_t receipts_expected = 0;  // acknowledged ESME_ROK with a receipt requested
  uint64_t receipts_received = 0;  // every receipt, the warmup's too
  uint64_t receipts_matched = 0;   // receipts matched to a measured submit
  LatencyHistogram receipt_latency;  // submit sent -> receipt received
  uint64_t mo_received = 0;          // deliver_sm that were not receipts

  uint64_t unexpected_responses = 0;
  uint32_t sessions_lost = 0;  // closed before the run ended them

  // --rebind: sessions the SMSC let go that bound again, connects it refused on the way (each is
  // tried again), and other failed attempts (a bind refused, the connection closed while binding).
  uint32_t rebinds = 0;
  uint32_t connections_refused = 0;
  uint32_t rebind_failures = 0;

  uint64_t sent() const { return acknowledged + timeouts + closed; }
  uint64_t unanswered() const { return timeouts + closed; }
  void merge(const LoadStats& other);
};

}  // namespace smppd::tools::bench
