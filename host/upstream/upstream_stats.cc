#include "host/upstream/upstream_stats.h"

namespace smppd::upstream {
namespace {

stats::Metric& counter(const std::string& prefix, const char* name) {
  return stats::StatsStore::process().counter(prefix + name);
}

}  // namespace

ClusterStats::ClusterStats(const std::string& cluster)
    : upstream_rq_total(counter("smppd.cluster." + cluster + ".", "upstream_rq_total")),
      upstream_rq_success(counter("smppd.cluster." + cluster + ".", "upstream_rq_success")),
      upstream_rq_error(counter("smppd.cluster." + cluster + ".", "upstream_rq_error")),
      upstream_rq_timeout(counter("smppd.cluster." + cluster + ".", "upstream_rq_timeout")),
      upstream_rq_retry(counter("smppd.cluster." + cluster + ".", "upstream_rq_retry")),
      upstream_rq_throttled(counter("smppd.cluster." + cluster + ".", "upstream_rq_throttled")),
      upstream_rq_pending_overflow(counter("smppd.cluster." + cluster + ".", "upstream_rq_pending_overflow")),
      upstream_rq_no_bind(counter("smppd.cluster." + cluster + ".", "upstream_rq_no_bind")),
      upstream_cx_total(counter("smppd.cluster." + cluster + ".", "upstream_cx_total")),
      upstream_cx_active(stats::StatsStore::process().gauge("smppd.cluster." + cluster + ".upstream_cx_active")),
      upstream_cx_connect_fail(counter("smppd.cluster." + cluster + ".", "upstream_cx_connect_fail")),
      bind_success(counter("smppd.cluster." + cluster + ".", "bind_success")),
      bind_failure(counter("smppd.cluster." + cluster + ".", "bind_failure")),
      upstream_rq_time_us(stats::StatsStore::process().histogram("smppd.cluster." + cluster + ".upstream_rq_time_us")),
      health_check_success(counter("smppd.cluster." + cluster + ".", "health_check.success")),
      health_check_failure(counter("smppd.cluster." + cluster + ".", "health_check.failure")),
      outlier_ejections(counter("smppd.cluster." + cluster + ".", "outlier_detection.ejections_total")),
      pdu_malformed(counter("smppd.cluster." + cluster + ".", "pdu_malformed")),
      pdu_unexpected_response(counter("smppd.cluster." + cluster + ".", "pdu_unexpected_response")),
      connection_closed_malformed(counter("smppd.cluster." + cluster + ".", "upstream_cx_destroy_malformed")),
      connection_closed_timeout(counter("smppd.cluster." + cluster + ".", "upstream_cx_destroy_timeout")),
      inbound_total(counter("smppd.cluster." + cluster + ".", "inbound_total")) {}

EndpointStats::EndpointStats(const std::string& cluster, const std::string& endpoint)
    : rq_success(counter("smppd.cluster." + cluster + ".endpoint." + endpoint + ".", "rq_success")),
      rq_error(counter("smppd.cluster." + cluster + ".endpoint." + endpoint + ".", "rq_error")),
      rq_timeout(counter("smppd.cluster." + cluster + ".endpoint." + endpoint + ".", "rq_timeout")),
      binds_bound(stats::StatsStore::process().gauge("smppd.cluster." + cluster + ".endpoint." + endpoint + ".binds_bound")) {}

}  // namespace smppd::upstream
