#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/codec/command_status.h"
#include "host/config/endpoint_config.h"
#include "host/config/plugin_config.h"

namespace smppd::config {

// The built-in upstream transport; any other name is an upstream transport plugin factory.
inline constexpr std::string_view kSmppUpstream = "smpp";

// A cluster's `health_check` table: which health checker plugin probes each endpoint, and when.
struct HealthCheckConfig {
  std::string plugin = "enquire_link";
  std::chrono::milliseconds interval{10000};
  std::chrono::milliseconds timeout{3000};
  uint32_t unhealthy_threshold = 3;  // failed probes in a row before an endpoint is unhealthy
  uint32_t healthy_threshold = 2;    // good probes in a row before it is healthy again
};

// A cluster's `outlier` table: ejecting endpoints that keep failing real traffic.
struct OutlierConfig {
  uint32_t consecutive_errors = 5;  // 0: never eject
  std::chrono::milliseconds base_ejection{30000};
  uint32_t max_ejection_percent = 50;
};

// A cluster's `circuit_breaker` table: requests beyond these limits are refused with `status`.
struct CircuitBreakerConfig {
  uint32_t max_pending = 10000;
  uint32_t max_in_flight = 10000;
  uint32_t status = codec::status::kThrottled;
};

// One `[[clusters]]` entry: a set of upstream endpoints and how traffic spreads over them.
struct ClusterConfig {
  std::string name;
  std::string lb_policy = "round_robin";  // an lb_policy plugin factory
  PluginConfig lb_config;
  std::string upstream = std::string(kSmppUpstream);
  PluginConfig upstream_config;
  HealthCheckConfig health_check;
  OutlierConfig outlier;
  CircuitBreakerConfig circuit_breaker;
  std::vector<EndpointConfig> endpoints;  // at least one when upstream is "smpp"
};

}  // namespace smppd::config
