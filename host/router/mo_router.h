#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config.h"
#include "host/router/mo_route_decision.h"
#include "host/router/prefix_list.h"
#include "host/router/prefix_route_index.h"
#include "host/stats/stats_store.h"

namespace smppd::router {

// The `[[mo_routes]]` of a config: which client owns a mobile-originated deliver_sm (not a
// receipt: receipts find their client by message id). As with Router, the first matching entry
// in config order wins, candidates come from a destination-prefix trie, and the MoRouter is built
// once and then shared by all workers without a lock. Matches count in
// smppd.mo_route.<name>.match, misses in smppd.router.mo_no_route.
class MoRouter {
 public:
  // `cluster_index`: the cluster the deliver_sm came from, as an index in Config::clusters.
  MoRouteDecision route(std::string_view destination_addr, std::string_view source_addr,
                        uint32_t cluster_index) const;

  size_t route_count() const { return routes_.size(); }
  uint32_t no_route_status() const { return no_route_status_; }

 private:
  friend std::shared_ptr<const MoRouter> build_mo_router(const config::Config& config,
                                                         std::vector<std::string>& errors, stats::StatsStore& stats);

  struct CompiledMoRoute {
    std::string name;
    PrefixList source_prefixes;
    std::vector<uint32_t> clusters;  // empty: from any cluster
    MoRouteOutcome outcome = MoRouteOutcome::no_route;
    std::string system_id;      // to_client
    uint32_t reject_status = 0;  // reject
    stats::Metric* matches = nullptr;

    bool holds(std::string_view source_addr, uint32_t cluster_index) const;
  };

  MoRouter() = default;

  std::vector<CompiledMoRoute> routes_;
  PrefixRouteIndex index_;
  uint32_t no_route_status_ = 0;
  stats::Metric* no_route_ = nullptr;
};

// Compiles config.mo_routes on the control thread. nullptr when an entry names a cluster the
// config does not have (the loader refuses those; this guards Configs made in code), with one
// line per reason appended to `errors`.
std::shared_ptr<const MoRouter> build_mo_router(const config::Config& config, std::vector<std::string>& errors,
                                                stats::StatsStore& stats = stats::StatsStore::process());

}  // namespace smppd::router
