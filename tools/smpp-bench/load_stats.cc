#include "tools/smpp-bench/load_stats.h"

namespace smppd::tools::bench {

void LoadStats::merge(const LoadStats& other) {
  acknowledged += other.acknowledged;
  ok += other.ok;
  generic_nacks += other.generic_nacks;
  for (const auto& [status, count] : other.errors) errors[status] += count;
  timeouts += other.timeouts;
  closed += other.closed;
  latency.merge(other.latency);
  receipts_expected += other.receipts_expected;
  receipts_received += other.receipts_received;
  receipts_matched += other.receipts_matched;
  receipt_latency.merge(other.receipt_latency);
  mo_received += other.mo_received;
  unexpected_responses += other.unexpected_responses;
  sessions_lost += other.sessions_lost;
  rebinds += other.rebinds;
  connections_refused += other.connections_refused;
  rebind_failures += other.rebind_failures;
}

}  // namespace smppd::tools::bench
