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

namespace smppd::upstream {

// Every cluster of the config: their load-balancing and health-checking plugins, their SMPP binds
// spread over the workers, and the transport plugins of the clusters that have one. Built on the
// control thread; clusters and binds are then shared by every worker.
//
// A reload makes a manager per config generation: the clusters it carries on from the running one
// (unchanged config) are the same objects, already bound; it owns them once started, so that the
// retiring manager neither stops them nor waits for them.
class ClusterManager {
 public:
  ClusterManager(std::shared_ptr<const config::Config> config, const plugin::PluginRegistry& plugins,
                 server::WorkerPool& workers, boost::asio::io_context& control);
  ~ClusterManager();

  // Finds each cluster's plugins and has them make their config objects; opens nothing. False
  // with every reason in `errors`. `carried`, by index in Config::clusters: a running cluster to
  // take as it is instead of building that one (null: build it).
  bool build(std::vector<std::string>& errors, const std::vector<std::shared_ptr<Cluster>>& carried = {});
  // Starts binding (each bind on its worker), transports and health checks of the clusters it
  // built, and takes over the carried ones as they run. What the upstreams send goes to `inbound`.
  void start(InboundHandler& inbound);
  // When this manager's generation replaces the one before: the carried clusters are this
  // manager's to stop from now on.
  void take_over();
  // Unbinds every bind of the clusters it owns and stops reconnecting.
  void stop();
  // After stop(): true once no bind of the clusters it owns is used by work on a worker any more
  // (its connect loop and sessions have ended) and their health checks have ended, so that the
  // manager may be destroyed while the workers run on.
  bool idle() const;
  // Messages admitted to any cluster and not yet answered.
  uint32_t pending() const;
  // Lets go of the binds once the workers have stopped: their last references are then the
  // workers' queued work, destroyed with the workers' io_contexts as it must be.
  void release_binds();

  Cluster& cluster(uint32_t index) { return *clusters_[index]; }
  size_t size() const { return clusters_.size(); }
  // The cluster of that name, or null.
  std::shared_ptr<Cluster> find(const std::string& name) const;
  // True once each of these clusters (indices in Config::clusters) has a bound bind or a
  // transport: listeners may take binds.
  bool warm(const std::vector<uint32_t>& clusters) const;

  // On a worker: sends `request` through the cluster's transport plugin; `done` runs on any thread.
  void submit_via_transport(Cluster& cluster, codec::Pdu request, SubmitHandler done);

 private:
  void start_cluster(const std::shared_ptr<Cluster>& cluster, size_t& next_worker);
  void install_hooks();
  bool owns(const Cluster& cluster) const { return cluster.owner() == generation_; }

  const std::shared_ptr<const config::Config> config_;
  const plugin::PluginRegistry& plugins_;
  server::WorkerPool& workers_;
  boost::asio::io_context& control_;
  const uint64_t generation_;  // unique in the process: what Cluster::owner() names
  // Shared with the managers of the generations before and after, for the clusters carried.
  std::vector<std::shared_ptr<Cluster>> clusters_;
  InboundHandler* inbound_ = nullptr;
  bool stopped_ = false;

  std::atomic<size_t> next_inbound_worker_{0};
};

}  // namespace smppd::upstream
