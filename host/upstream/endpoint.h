#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "host/config/endpoint_config.h"
#include "host/upstream/upstream_stats.h"

namespace smppd::upstream {

class UpstreamBind;

// Submits per second over all binds of an endpoint (max_tps), shared by binds on every worker.
class RateLimiter {
 public:
  explicit RateLimiter(double per_second) : rate_(per_second), tokens_(std::max(1.0, per_second / 10)) {}
  // The wait until the next submit may go, zero when it may go now (and is counted).
  std::chrono::nanoseconds acquire(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  const double rate_;
  std::mutex mutex_;
  double tokens_;
  std::chrono::steady_clock::time_point updated_{};
};

// One configured SMSC account of a cluster and its binds. Health and ejection are read by every
// worker's load balancing, so they are atomics.
struct Endpoint {
  Endpoint(uint64_t id_, std::string cluster_, config::EndpointConfig config_)
      : id(id_), cluster(std::move(cluster_)), config(std::move(config_)), stats(cluster, config.name),
        rate(config.max_tps > 0 ? std::make_unique<RateLimiter>(config.max_tps) : nullptr) {}

  bool ejected(int64_t now_ns) const { return ejected_until_ns.load(std::memory_order_relaxed) > now_ns; }

  const uint64_t id;
  const std::string cluster;
  const config::EndpointConfig config;
  uint32_t weight = 1;
  EndpointStats stats;
  std::unique_ptr<RateLimiter> rate;  // null: unlimited
  std::vector<std::shared_ptr<UpstreamBind>> binds;

  std::atomic<bool> healthy{true};
  std::atomic<bool> suspended{false};  // by an operator (admin API): no new messages
  std::atomic<int64_t> ejected_until_ns{0};
  std::atomic<uint32_t> consecutive_errors{0};
  std::atomic<uint32_t> ejection_count{0};
};

}  // namespace smppd::upstream
