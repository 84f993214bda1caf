// Router lookups over 10,000 destination-prefix routes: the prefix trie against the plain scan
// over every route in config order, on the same routes and addresses. docs/benchmarks.md has the
// numbers.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "host/router/router.h"

namespace smppd::router {
namespace {

constexpr size_t kAddresses = 4096;  // a power of two: the loop picks with a mask

std::string random_digits(std::mt19937& generator, size_t length) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string digits;
  for (size_t i = 0; i < length; ++i) digits += static_cast<char>('0' + digit(generator));
  return digits;
}

// `count` routes, each one destination prefix of 3 to 8 digits (country, operator, number
// ranges), to two clusters: the shape of a large operator's routing table.
config::Config prefix_routes(size_t count) {
  std::mt19937 generator(1);
  std::uniform_int_distribution<size_t> length(3, 8);
  config::Config config;
  for (const char* name : {"smsc-a", "smsc-b"}) {
    config::ClusterConfig cluster;
    cluster.name = name;
    config.clusters.push_back(std::move(cluster));
  }
  for (size_t i = 0; i < count; ++i) {
    config::RouteConfig route;
    route.name = "r" + std::to_string(i);
    route.match.destination_prefix = {random_digits(generator, length(generator))};
    route.action = config::RouteToCluster{i % 2 == 0 ? "smsc-a" : "smsc-b"};
    config.routes.push_back(std::move(route));
  }
  return config;
}

// Requests to 12-digit numbers: three in four extend a configured prefix (a route matches, at a
// random place in the table), one in four is random (mostly no route: the scan's worst case).
std::vector<codec::Pdu> requests(const config::Config& config) {
  std::mt19937 generator(2);
  std::uniform_int_distribution<size_t> pick(0, config.routes.size() - 1);
  std::vector<codec::Pdu> pdus(kAddresses);
  for (size_t i = 0; i < pdus.size(); ++i) {
    std::string address = i % 4 != 3 ? config.routes[pick(generator)].match.destination_prefix[0] : "";
    pdus[i].command_id = codec::CommandId::submit_sm;
    pdus[i].destination_addr = address + random_digits(generator, 12 - address.size());
  }
  return pdus;
}

void router_route(benchmark::State& state) {
  const config::Config config = prefix_routes(static_cast<size_t>(state.range(0)));
  const std::vector<codec::Pdu> pdus = requests(config);
  stats::StatsStore stats;
  std::vector<std::string> errors;
  const std::shared_ptr<const Router> router = build_router(config, errors, stats);
  if (router == nullptr) std::abort();
  size_t next = 0;
  for (auto _ : state) {
    const RouteDecision decision = router->route(RouteInput{pdus[next++ & (kAddresses - 1)], "client"}, 0);
    benchmark::DoNotOptimize(decision.route_index);
  }
  state.SetItemsProcessed(state.iterations());
}

// The baseline: what a router without an index does, every route's prefixes in config order.
void linear_scan(benchmark::State& state) {
  const config::Config config = prefix_routes(static_cast<size_t>(state.range(0)));
  const std::vector<codec::Pdu> pdus = requests(config);
  size_t next = 0;
  for (auto _ : state) {
    const std::string& address = pdus[next++ & (kAddresses - 1)].destination_addr;
    size_t matched = config.routes.size();
    for (size_t i = 0; i < config.routes.size() && matched == config.routes.size(); ++i) {
      for (const std::string& prefix : config.routes[i].match.destination_prefix) {
        if (address.starts_with(prefix)) {
          matched = i;
          break;
        }
      }
    }
    benchmark::DoNotOptimize(matched);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(router_route)->Name("router_trie")->Arg(100)->Arg(1000)->Arg(10000);
BENCHMARK(linear_scan)->Name("baseline_linear_scan")->Arg(100)->Arg(1000)->Arg(10000);

}  // namespace
}  // namespace smppd::router
