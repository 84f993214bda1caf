#pragma once

#include <string>

#include "host/stats/stats_scope.h"

namespace smppd::upstream {

// smppd.cluster.<name>.*, named as Envoy names its cluster stats.
struct ClusterStats {
  explicit ClusterStats(const std::string& cluster);
  explicit ClusterStats(const stats::StatsScope& scope);

  stats::Metric& upstream_rq_total;       // submits sent upstream
  stats::Metric& upstream_rq_success;     // answered with status 0
  stats::Metric& upstream_rq_error;       // answered with another status
  stats::Metric& upstream_rq_timeout;     // no resp in time, or the connection dropped with it
  stats::Metric& upstream_rq_retry;       // resent on another bind or after a throttle
  stats::Metric& upstream_rq_throttled;   // ESME_RTHROTTLED / ESME_RMSGQFUL from the SMSC
  stats::Metric& upstream_rq_pending_overflow;  // refused by the circuit breaker
  stats::Metric& upstream_rq_no_bind;     // no bind could take the message
  stats::Metric& upstream_cx_total;
  stats::Metric& upstream_cx_active;
  stats::Metric& upstream_cx_connect_fail;
  stats::Metric& bind_success;
  stats::Metric& bind_failure;
  stats::Metric& upstream_rq_time_us;     // submit to resp
  stats::Metric& health_check_success;
  stats::Metric& health_check_failure;
  stats::Metric& outlier_ejections;
  stats::Metric& pdu_malformed;
  stats::Metric& pdu_unexpected_response;
  stats::Metric& connection_closed_malformed;
  stats::Metric& connection_closed_timeout;
  stats::Metric& inbound_total;           // deliver_sm/data_sm from the SMSCs
};

// smppd.cluster.<cluster>.endpoint.<endpoint>.*
struct EndpointStats {
  EndpointStats(const std::string& cluster, const std::string& endpoint);
  explicit EndpointStats(const stats::StatsScope& scope);

  stats::Metric& rq_success;
  stats::Metric& rq_error;
  stats::Metric& rq_timeout;
  stats::Metric& binds_bound;  // gauge
};

}  // namespace smppd::upstream
