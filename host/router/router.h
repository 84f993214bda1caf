#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/config/config.h"
#include "host/router/prefix_route_index.h"
#include "host/router/route_conditions.h"
#include "host/router/route_decision.h"
#include "host/router/route_input.h"
#include "host/router/weighted_cluster_pick.h"
#include "host/stats/stats_store.h"

namespace smppd::router {

// The `[[routes]]` of a config, ready to answer "where does this request go". Routes are tried in
// config order and the first whose every condition holds wins: an earlier route wins even when a
// later one has a longer matching prefix. Candidates come from a prefix index (prefix_route_index.h),
// so a lookup costs the address's length plus the candidates tried, not the number of routes.
//
// Built once on the control thread and immutable afterwards: every worker calls route() on the
// same Router without a lock. Each match counts in smppd.route.<name>.match, each miss in
// smppd.router.no_route.
class Router {
 public:
  // Weighted routes pick with the calling thread's own generator.
  RouteDecision route(const RouteInput& input) const;
  // Weighted routes pick with `random`, a uniformly distributed number the caller chose.
  RouteDecision route(const RouteInput& input, uint64_t random) const;
  // Where route() would send the request, for a filter that asks before the router runs: nothing
  // is counted, and a weighted route answers its first cluster of weight above 0.
  RouteDecision lookup(const RouteInput& input) const;

  size_t route_count() const { return routes_.size(); }
  // Config::clusters' names; RouteDecision::cluster_index indexes this.
  const std::vector<std::string>& cluster_names() const { return cluster_names_; }
  uint32_t no_route_status() const { return no_route_status_; }

 private:
  friend std::shared_ptr<const Router> build_router(const config::Config& config, std::vector<std::string>& errors,
                                                    stats::StatsStore& stats);

  struct CompiledRoute {
    std::string name;
    RouteConditions conditions;
    RouteOutcome outcome = RouteOutcome::no_route;
    WeightedClusterPick clusters;  // to_cluster
    uint32_t reject_status = 0;    // reject
    config::UnansweredPolicy unanswered;  // to_cluster
    stats::Metric* matches = nullptr;
  };

  Router() = default;

  template <typename RandomSource>
  RouteDecision decide(const RouteInput& input, RandomSource&& random, bool count) const;

  std::vector<CompiledRoute> routes_;
  PrefixRouteIndex index_;
  std::vector<std::string> cluster_names_;
  uint32_t no_route_status_ = 0;
  stats::Metric* no_route_ = nullptr;
};

// Compiles config.routes (regexes once, cluster names to indices) on the control thread. nullptr
// when any route cannot be compiled; each reason is appended to `errors` as one line with file,
// line and key path, as the config loader reports ("smppd.toml:12:29:
// routes[3].match.destination_regex: expected an RE2 regular expression, ...").
std::shared_ptr<const Router> build_router(const config::Config& config, std::vector<std::string>& errors,
                                           stats::StatsStore& stats = stats::StatsStore::process());

}  // namespace smppd::router
