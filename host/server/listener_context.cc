#include "host/server/listener_context.h"

namespace smppd::server {
namespace {

stats::Metric& counter(const std::string& listener, const char* name) {
  return stats::StatsStore::process().counter("smppd.listener." + listener + "." + name);
}

}  // namespace

ListenerStats::ListenerStats(const std::string& listener)
    : downstream_cx_total(counter(listener, "downstream_cx_total")),
      downstream_cx_active(stats::StatsStore::process().gauge("smppd.listener." + listener + ".downstream_cx_active")),
      downstream_cx_overflow(counter(listener, "downstream_cx_overflow")),
      downstream_cx_overflow_per_ip(counter(listener, "downstream_cx_overflow_per_ip")),
      downstream_cx_tls_error(counter(listener, "downstream_cx_tls_error")),
      bind_success(counter(listener, "bind_success")),
      bind_failure(counter(listener, "bind_failure")),
      bind_throttled(counter(listener, "bind_throttled")),
      pdu_malformed(counter(listener, "pdu_malformed")),
      pdu_unexpected_response(counter(listener, "pdu_unexpected_response")),
      request_total(counter(listener, "request_total")),
      request_window_full(counter(listener, "request_window_full")),
      session_closed_malformed(counter(listener, "session_closed_malformed")),
      session_closed_timeout(counter(listener, "session_closed_timeout")) {}

}  // namespace smppd::server
