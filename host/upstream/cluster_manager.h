#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/config/config.h"
#include "host/plugin/plugin_registry.h"
#include "host/server/worker_pool.h"
#include "host/upstream/cluster.h"
#include "host/upstream/inbound_handler.h"

// What an upstream transport plugin is handed to name its cluster in deliver().
struct smppd_upstream {
  smppd::upstream::Cluster* cluster;
};

namespace smppd::upstream {

// Every cluster of the config: their load-balancing and health-checking plugins, their SMPP binds
// spread over the workers, and the transport plugins of the clusters that have one. Built on the
// control thread; clusters and binds are then shared by every worker.
class ClusterManager {
 public:
  ClusterManager(const config::Config& config, const plugin::PluginRegistry& plugins, server::WorkerPool& workers,
                 boost::asio::io_context& control);
  ~ClusterManager();

  // Finds each cluster's plugins and has them make their config objects; opens nothing. False
  // with every reason in `errors`.
  bool build(std::vector<std::string>& errors);
  // Starts binding (each bind on its worker), transports and health checks. What the upstreams
  // send goes to `inbound`.
  void start(InboundHandler& inbound);
  // Unbinds every bind and stops reconnecting.
  void stop();
  // After stop(): true once no bind is used by work on a worker any more (its connect loop and
  // sessions have ended) and the health checks have ended, so that the manager may be destroyed
  // while the workers run on.
  bool idle() const;
  // Messages admitted to any cluster and not yet answered.
  uint32_t pending() const;
  // Lets go of the binds once the workers have stopped: their last references are then the
  // workers' queued work, destroyed with the workers' io_contexts as it must be.
  void release_binds();

  Cluster& cluster(uint32_t index) { return *clusters_[index]; }
  size_t size() const { return clusters_.size(); }
  // True once each of these clusters (indices in Config::clusters) has a bound bind or a
  // transport: listeners may take binds.
  bool warm(const std::vector<uint32_t>& clusters) const;

  // On a worker: sends `request` through the cluster's transport plugin; `done` runs on any thread.
  void submit_via_transport(Cluster& cluster, codec::Pdu request, SubmitHandler done);

 private:
  boost::asio::awaitable<void> health_check_loop(uint32_t cluster_index);
  void install_hooks();

  const config::Config& config_;
  const plugin::PluginRegistry& plugins_;
  server::WorkerPool& workers_;
  boost::asio::io_context& control_;
  std::vector<std::unique_ptr<Cluster>> clusters_;
  std::vector<std::unique_ptr<smppd_upstream>> handles_;
  struct HealthChecker {
    const smppd_health_checker_vtable* vtable = nullptr;
    void* config = nullptr;
  };
  std::vector<HealthChecker> health_checkers_;  // by cluster index; vtable null: none
  InboundHandler* inbound_ = nullptr;
  bool stopped_ = false;
  // health_check_loop coroutines running (control thread)
  std::shared_ptr<uint32_t> health_loops_ = std::make_shared<uint32_t>(0);

  std::atomic<size_t> next_inbound_worker_{0};
};

}  // namespace smppd::upstream
