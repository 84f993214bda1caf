#include "host/server/listener_context.h"

namespace smppd::server {

ListenerStats::ListenerStats(const std::string& listener) : ListenerStats(stats::listener_scope(listener)) {}

ListenerStats::ListenerStats(const stats::StatsScope& scope)
    : downstream_cx_total(scope.counter("downstream_cx_total")),
      downstream_cx_active(scope.gauge("downstream_cx_active")),
      downstream_cx_overflow(scope.counter("downstream_cx_overflow")),
      downstream_cx_overflow_per_ip(scope.counter("downstream_cx_overflow_per_ip")),
      downstream_cx_tls_error(scope.counter("downstream_cx_tls_error")),
      bind_success(scope.counter("bind_success")),
      bind_failure(scope.counter("bind_failure")),
      bind_throttled(scope.counter("bind_throttled")),
      pdu_malformed(scope.counter("pdu_malformed")),
      pdu_unexpected_response(scope.counter("pdu_unexpected_response")),
      request_total(scope.counter("request_total")),
      request_window_full(scope.counter("request_window_full")),
      session_closed_malformed(scope.counter("session_closed_malformed")),
      session_closed_timeout(scope.counter("session_closed_timeout")) {}

}  // namespace smppd::server
