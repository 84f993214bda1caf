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

namespace smppd::config {
struct Config;
}  // namespace smppd::config

namespace smppd::upstream {
class Cluster;
}  // namespace smppd::upstream

// What an upstream transport plugin is handed to name its cluster in deliver().
struct smppd_upstream {
  smppd::upstream::Cluster* cluster;
};

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
  smppd_upstream handle{};  // what deliver() names the cluster by: lives as long as the instance

  ~TransportUpstream();
};

// The health-checking plugin of a cluster and its config object.
struct HealthChecker {
  const smppd_health_checker_vtable* vtable = nullptr;
  void* config = nullptr;

  ~HealthChecker();
};

// A set of upstream endpoints and how traffic spreads over them: load balancing over the binds
// that can take a message, health (from the health checker) and outlier ejection, and a circuit
// breaker that refuses rather than queues without bound.
//
// A reload carries a cluster whose config is unchanged into the next ClusterManager as the same
// object, binds and all: it is shared by the managers of both generations, and only the one that
// owns it (the newest that started it) stops it. It knows no index: its position in Config::clusters
// differs between generations.
class Cluster {
 public:
  // `config` is one of `owner`'s clusters: the cluster keeps that Config alive (null: the caller
  // keeps `config` alive, as a test does).
  Cluster(std::shared_ptr<const config::Config> owner, const config::ClusterConfig& config);
  ~Cluster();

  const std::string& name() const { return config_.name; }
  const config::ClusterConfig& config() const { return config_; }
  ClusterStats& stats() { return stats_; }
  std::vector<std::unique_ptr<Endpoint>>& endpoints() { return endpoints_; }
  const std::vector<std::unique_ptr<Endpoint>>& endpoints() const { return endpoints_; }

  void set_lb(std::unique_ptr<LbPolicy> lb) { lb_ = std::move(lb); }
  void set_transport(std::unique_ptr<TransportUpstream> transport) { transport_ = std::move(transport); }
  TransportUpstream* transport() { return transport_.get(); }
  void set_health_checker(std::unique_ptr<HealthChecker> checker) { health_checker_ = std::move(checker); }
  const HealthChecker* health_checker() const { return health_checker_.get(); }

  // The generation of the ClusterManager that owns the cluster: 0 until one starts it; a reload
  // that carries it on hands it to the next one (control thread).
  uint64_t owner() const { return owner_; }
  void set_owner(uint64_t generation) { owner_ = generation; }
  // Unbinds every bind, stops reconnecting and ends the health checks (control thread).
  void stop();
  bool stopped() const { return stopped_; }
  // After stop(): true once no bind is used by work on a worker any more and the health checks
  // have ended.
  bool idle() const;
  // The health_check_loop runs (control thread).
  void set_health_checking(bool running) { health_checking_ = running; }

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
  const std::shared_ptr<const config::Config> owner_config_;
  const config::ClusterConfig& config_;
  ClusterStats stats_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::unique_ptr<LbPolicy> lb_;
  std::unique_ptr<TransportUpstream> transport_;
  std::unique_ptr<HealthChecker> health_checker_;
  std::atomic<uint32_t> pending_{0};
  uint64_t owner_ = 0;
  bool stopped_ = false;
  bool health_checking_ = false;
};

}  // namespace smppd::upstream
