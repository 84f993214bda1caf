#include "host/upstream/upstream_stats.h"

namespace smppd::upstream {

ClusterStats::ClusterStats(const std::string& cluster) : ClusterStats(stats::cluster_scope(cluster)) {}

ClusterStats::ClusterStats(const stats::StatsScope& scope)
    : upstream_rq_total(scope.counter("upstream_rq_total")),
      upstream_rq_success(scope.counter("upstream_rq_success")),
      upstream_rq_error(scope.counter("upstream_rq_error")),
      upstream_rq_timeout(scope.counter("upstream_rq_timeout")),
      upstream_rq_retry(scope.counter("upstream_rq_retry")),
      upstream_rq_throttled(scope.counter("upstream_rq_throttled")),
      upstream_rq_pending_overflow(scope.counter("upstream_rq_pending_overflow")),
      upstream_rq_no_bind(scope.counter("upstream_rq_no_bind")),
      upstream_cx_total(scope.counter("upstream_cx_total")),
      upstream_cx_active(scope.gauge("upstream_cx_active")),
      upstream_cx_connect_fail(scope.counter("upstream_cx_connect_fail")),
      bind_success(scope.counter("bind_success")),
      bind_failure(scope.counter("bind_failure")),
      upstream_rq_time_us(scope.histogram("upstream_rq_time_us")),
      health_check_success(scope.counter("health_check.success")),
      health_check_failure(scope.counter("health_check.failure")),
      outlier_ejections(scope.counter("outlier_detection.ejections_total")),
      pdu_malformed(scope.counter("pdu_malformed")),
      pdu_unexpected_response(scope.counter("pdu_unexpected_response")),
      connection_closed_malformed(scope.counter("upstream_cx_destroy_malformed")),
      connection_closed_timeout(scope.counter("upstream_cx_destroy_timeout")),
      inbound_total(scope.counter("inbound_total")) {}

EndpointStats::EndpointStats(const std::string& cluster, const std::string& endpoint)
    : EndpointStats(stats::cluster_scope(cluster).nested("endpoint", endpoint)) {}

EndpointStats::EndpointStats(const stats::StatsScope& scope)
    : rq_success(scope.counter("rq_success")),
      rq_error(scope.counter("rq_error")),
      rq_timeout(scope.counter("rq_timeout")),
      binds_bound(scope.gauge("binds_bound")) {}

}  // namespace smppd::upstream
