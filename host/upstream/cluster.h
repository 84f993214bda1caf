#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/config/cluster_config.h"
#include "host/upstream/endpoint.h"
#include "host/upstream/upstream_bind.h"
#include "host/upstream/upstream_stats.h"
#include "smppd/plugin.h"

namespace smppd::upstream {

// The load-balancing policy of a cluster: the plugin's config object and one instance per
// worker (pick runs on the worker without locks).
struct LbPolicy {
  std::string name;
  const smppd_lb_vtable* vtable = nullptr;
  void* config = nullptr;
  std::vector<void*> per_worker;

  ~LbPolicy();
};

// A cluster whose messages go through an upstream transport plugin instead of SMPP binds.
struct TransportUpstream {
  std::string name;
  const smppd_upstream_vtable* vtable = nullptr;
  void* config = nullptr;
  void* instance = nullptr;

  ~TransportUpstream();
};

// A set of upstream endpoints and how traffic spreads over them: load balancing over the binds
// that can take a message, health (from the health checker) and outlier ejection, and a circuit
// breaker that refuses rather than queues without bound.
class Cluster {
 public:
  Cluster(const config::ClusterConfig& config, uint32_t index);
  ~Cluster();

  const std::string& name() const { return config_.name; }
  uint32_t index() const { return index_; }
  const config::ClusterConfig& config() const { return config_; }
  ClusterStats& stats() { return stats_; }
  std::vector<std::unique_ptr<Endpoint>>& endpoints() { return endpoints_; }
  const std::vector<std::unique_ptr<Endpoint>>& endpoints() const { return endpoints_; }

  void set_lb(std::unique_ptr<LbPolicy> lb) { lb_ = std::move(lb); }
  void set_transport(std::unique_ptr<TransportUpstream> transport) { transport_ = std::move(transport); }
  TransportUpstream* transport() { return transport_.get(); }

  // The circuit breaker: a slot for one message on its way, or false when max_pending are
  // already on their way (the client gets circuit_breaker.status).
  bool try_admit();
  void release();
  uint32_t pending() const { return pending_.load(std::memory_order_relaxed); }

  // On a worker: the bind the policy picks among those that can take `message` now; nullptr
  // when none can. `exclude` skips one bind (the one that just failed, for a retry).
  UpstreamBind* pick(int32_t worker, const smppd_message* message, const UpstreamBind* exclude = nullptr);

  // Outlier detection: a submit's result on an endpoint. consecutive_errors timeouts or losses
  // in a row eject the endpoint for base_ejection times the number of its ejections so far,
  // unless that would eject more than max_ejection_percent of the cluster.
  void record_result(Endpoint& endpoint, bool failed);
  // Health checking's verdict on an endpoint.
  void set_healthy(Endpoint& endpoint, bool healthy);
  // True when at least one bind is bound (warming).
  bool has_bound_bind() const;

 private:
  const config::ClusterConfig& config_;
  const uint32_t index_;
  ClusterStats stats_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::unique_ptr<LbPolicy> lb_;
  std::unique_ptr<TransportUpstream> transport_;
  std::atomic<uint32_t> pending_{0};
};

}  // namespace smppd::upstream
