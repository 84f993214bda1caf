#include "host/router/mo_router.h"

#include <algorithm>
#include <variant>

#include "host/config/toml_value_text.h"
#include "host/router/cluster_index_map.h"
#include "host/router/config_value_error.h"

namespace smppd::router {

bool MoRouter::CompiledMoRoute::holds(std::string_view source_addr, uint32_t cluster_index) const {
  if (!clusters.empty() && std::find(clusters.begin(), clusters.end(), cluster_index) == clusters.end()) {
    return false;
  }
  return source_prefixes.admits(source_addr);
}

MoRouteDecision MoRouter::route(std::string_view destination_addr, std::string_view source_addr,
                                uint32_t cluster_index) const {
  const uint32_t matched = index_.first_match(
      destination_addr, [&](uint32_t route) { return routes_[route].holds(source_addr, cluster_index); });
  MoRouteDecision decision;
  if (matched == PrefixRouteIndex::kNone) {
    no_route_->add(1);
    decision.status = no_route_status_;
    return decision;
  }
  const CompiledMoRoute& route = routes_[matched];
  route.matches->add(1);
  decision.outcome = route.outcome;
  decision.route_index = matched;
  decision.route_name = route.name;
  if (route.outcome == MoRouteOutcome::to_client) {
    decision.system_id = route.system_id;
  } else {
    decision.status = route.reject_status;
  }
  return decision;
}

std::shared_ptr<const MoRouter> build_mo_router(const config::Config& config, std::vector<std::string>& errors,
                                                stats::StatsStore& stats) {
  const size_t errors_before = errors.size();
  std::shared_ptr<MoRouter> router(new MoRouter());
  router->no_route_status_ = config.router.mo_no_route_status;
  const ClusterIndexMap clusters(config);

  PrefixRouteIndex::Builder index;
  for (size_t i = 0; i < config.mo_routes.size(); ++i) {
    const config::MoRouteConfig& route = config.mo_routes[i];
    MoRouter::CompiledMoRoute compiled;
    compiled.name = route.name;
    compiled.source_prefixes = PrefixList(route.match.source_prefix);
    for (size_t j = 0; j < route.match.cluster.size(); ++j) {
      const std::optional<uint32_t> cluster = clusters.find(route.match.cluster[j]);
      if (!cluster) {
        errors.push_back(config_value_error(config, {"mo_routes", i, "match", "cluster", j},
                                            "no cluster is named " + config::in_quotes(route.match.cluster[j])));
        continue;
      }
      compiled.clusters.push_back(*cluster);
    }
    if (const auto* to_client = std::get_if<config::MoRouteToClient>(&route.action)) {
      compiled.outcome = MoRouteOutcome::to_client;
      compiled.system_id = to_client->system_id;
    } else {
      compiled.outcome = MoRouteOutcome::reject;
      compiled.reject_status = std::get<config::RouteReject>(route.action).status;
    }
    router->routes_.push_back(std::move(compiled));
    index.add(static_cast<uint32_t>(i), route.match.destination_prefix);
  }
  if (errors.size() != errors_before) {
    return nullptr;
  }
  router->index_ = std::move(index).build();

  // Counters only once the routes stand: metrics live as long as the process.
  for (MoRouter::CompiledMoRoute& route : router->routes_) {
    route.matches = &stats.counter("smppd.mo_route." + route.name + ".match", "MOs the mo_route matched",
                                   {"smppd_mo_route_match", {{"mo_route", route.name}}});
  }
  router->no_route_ = &stats.counter("smppd.router.mo_no_route", "MOs no mo_route matched");
  return router;
}

}  // namespace smppd::router
