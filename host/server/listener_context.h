#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "host/filter/filter_chain_config.h"
#include "host/receipts/client_registry.h"
#include "host/server/bind_throttle.h"
#include "host/server/connection_limiter.h"
#include "host/server/request_dispatcher.h"
#include "host/server/session_settings.h"
#include "host/stats/stats_scope.h"

namespace smppd::server {

// smppd.listener.<name>.*, as Envoy names its listener stats where an operator looks for them.
struct ListenerStats {
  explicit ListenerStats(const std::string& listener);
  explicit ListenerStats(const stats::StatsScope& scope);

  stats::Metric& downstream_cx_total;
  stats::Metric& downstream_cx_active;
  stats::Metric& downstream_cx_overflow;         // refused: listener at max_connections
  stats::Metric& downstream_cx_overflow_per_ip;  // refused: client IP at max_connections_per_ip
  stats::Metric& downstream_cx_tls_error;
  stats::Metric& bind_success;
  stats::Metric& bind_failure;
  stats::Metric& bind_throttled;
  stats::Metric& pdu_malformed;
  stats::Metric& pdu_unexpected_response;
  stats::Metric& request_total;
  stats::Metric& request_window_full;  // times the reader stopped for a full window
  stats::Metric& session_closed_malformed;
  stats::Metric& session_closed_timeout;
};

// Everything the sessions of one listener share, across workers. Immutable once sessions run,
// except the thread-safe limiter and throttle.
struct ListenerContext {
  std::string name;
  SessionSettings settings;
  std::shared_ptr<const filter::FilterChainConfig> filters;
  std::shared_ptr<ConnectionLimiter> limiter;
  std::shared_ptr<BindThrottle> bind_throttle;
  std::shared_ptr<RequestDispatcher> dispatcher;
  // Sessions bound as receiver or transceiver register here, for receipts and MO.
  receipts::ClientRegistry* receivers = nullptr;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null for a plain listener
  std::shared_ptr<ListenerStats> stats;
};

}  // namespace smppd::server
