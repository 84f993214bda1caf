#include "host/router/router.h"

#include <variant>

#include "host/config/toml_value_text.h"
#include "host/router/cluster_index_map.h"
#include "host/router/config_value_error.h"
#include "host/router/thread_random.h"

namespace smppd::router {

template <typename RandomSource>
RouteDecision Router::decide(const RouteInput& input, RandomSource&& random, bool count) const {
  const uint32_t matched = index_.first_match(
      input.request.destination_addr, [&](uint32_t route) { return routes_[route].conditions.hold_for(input); });
  RouteDecision decision;
  if (matched == PrefixRouteIndex::kNone) {
    if (count) no_route_->add(1);
    decision.status = no_route_status_;
    return decision;
  }
  const CompiledRoute& route = routes_[matched];
  if (count) route.matches->add(1);
  decision.outcome = route.outcome;
  decision.route_index = matched;
  decision.route_name = route.name;
  if (route.outcome == RouteOutcome::reject) {
    decision.status = route.reject_status;
    return decision;
  }
  decision.unanswered = route.unanswered;
  decision.cluster_index = route.clusters.pick(route.clusters.needs_random() ? random() : 0);
  decision.cluster_name = cluster_names_[decision.cluster_index];
  return decision;
}

RouteDecision Router::route(const RouteInput& input) const { return decide(input, thread_random, true); }

RouteDecision Router::route(const RouteInput& input, uint64_t random) const {
  return decide(input, [random] { return random; }, true);
}

// A random number of 0 lands in the first cluster of weight above 0 (WeightedClusterPick).
RouteDecision Router::lookup(const RouteInput& input) const {
  return decide(input, [] { return uint64_t{0}; }, false);
}

std::shared_ptr<const Router> build_router(const config::Config& config, std::vector<std::string>& errors,
                                           stats::StatsStore& stats) {
  const size_t errors_before = errors.size();
  std::shared_ptr<Router> router(new Router());
  for (const config::ClusterConfig& cluster : config.clusters) {
    router->cluster_names_.push_back(cluster.name);
  }
  router->no_route_status_ = config.router.no_route_status;
  const ClusterIndexMap clusters(config);

  PrefixRouteIndex::Builder index;
  for (size_t i = 0; i < config.routes.size(); ++i) {
    const config::RouteConfig& route = config.routes[i];
    std::vector<PatternError> pattern_errors;
    std::optional<RouteConditions> conditions = RouteConditions::compile(route.match, pattern_errors);
    for (PatternError& error : pattern_errors) {
      errors.push_back(config_value_error(config, {"routes", i, "match", error.key}, std::move(error.message)));
    }

    std::vector<WeightedClusterPick::Choice> choices;
    Router::CompiledRoute compiled;
    compiled.name = route.name;
    compiled.unanswered = route.unanswered;
    compiled.outcome = RouteOutcome::to_cluster;
    if (const auto* to_cluster = std::get_if<config::RouteToCluster>(&route.action)) {
      const std::optional<uint32_t> cluster = clusters.find(to_cluster->cluster);
      choices.push_back(WeightedClusterPick::Choice{cluster.value_or(0), 1});
      if (!cluster) {
        errors.push_back(config_value_error(config, {"routes", i, "cluster"},
                                            "no cluster is named " + config::in_quotes(to_cluster->cluster)));
      }
    } else if (const auto* weighted = std::get_if<config::RouteToWeightedClusters>(&route.action)) {
      uint64_t total_weight = 0;
      for (size_t j = 0; j < weighted->clusters.size(); ++j) {
        const config::WeightedCluster& entry = weighted->clusters[j];
        const std::optional<uint32_t> cluster = clusters.find(entry.cluster);
        choices.push_back(WeightedClusterPick::Choice{cluster.value_or(0), entry.weight});
        total_weight += entry.weight;
        if (!cluster) {
          errors.push_back(config_value_error(config, {"routes", i, "weighted_clusters", j, "cluster"},
                                              "no cluster is named " + config::in_quotes(entry.cluster)));
        }
      }
      if (total_weight == 0) {
        errors.push_back(config_value_error(config, {"routes", i, "weighted_clusters"},
                                            "expected a weight above 0 on at least one cluster"));
      }
    } else {
      compiled.outcome = RouteOutcome::reject;
      compiled.reject_status = std::get<config::RouteReject>(route.action).status;
    }

    if (errors.size() == errors_before && conditions) {
      compiled.conditions = std::move(*conditions);
      compiled.clusters = WeightedClusterPick(choices);
      router->routes_.push_back(std::move(compiled));
      index.add(static_cast<uint32_t>(i), route.match.destination_prefix);
    }
  }
  if (errors.size() != errors_before) {
    return nullptr;
  }
  router->index_ = std::move(index).build();

  // Counters only once the routes stand: metrics live as long as the process.
  for (Router::CompiledRoute& route : router->routes_) {
    route.matches = &stats.counter("smppd.route." + route.name + ".match", "requests the route matched",
                                   {"smppd_route_match", {{"route", route.name}}});
  }
  router->no_route_ = &stats.counter("smppd.router.no_route", "requests no route matched");
  return router;
}

}  // namespace smppd::router
