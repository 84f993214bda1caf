// lb_builtin: the one file that touches the plugin ABI (through the C++ SDK). Three lb_policy
// factories in one library: round_robin, least_request, weighted_random.
#include <string_view>

#include "plugins/lb/lb_builtin/lb_config.h"
#include "plugins/lb/lb_builtin/least_request_policy.h"
#include "plugins/lb/lb_builtin/round_robin_policy.h"
#include "plugins/lb/lb_builtin/weighted_random_policy.h"
#include "smppd/cxx/plugin.hpp"

#ifndef SMPPD_LB_BUILTIN_VERSION
#error "SMPPD_LB_BUILTIN_VERSION comes from manifests/lb_builtin.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::lb_builtin {
namespace {

// The config every worker of a cluster shares (immutable).
template <bool kAcceptsSeed>
struct SharedConfig {
  SharedConfig(const cxx::Host&, std::string_view json) : settings(parse_lb_config(json, kAcceptsSeed)) {}
  LbConfig settings;
};

// A policy's per-worker instance as the adapter wants it; the message plays no part in the choice.
template <class Policy, class Config>
struct PolicyWorker {
  PolicyWorker(Config& config, int32_t worker) : policy(config.settings, worker) {}
  int32_t pick(const cxx::LbCandidates& candidates, const cxx::Message&) { return policy.pick(candidates); }
  Policy policy;
};

struct RoundRobin {
  static constexpr const char* name = "round_robin";
  static constexpr const char* config_schema = kRoundRobinSchema;
  using Config = SharedConfig<false>;
  using Worker = PolicyWorker<RoundRobinPolicy, Config>;
};

struct LeastRequest {
  static constexpr const char* name = "least_request";
  static constexpr const char* config_schema = kLeastRequestSchema;
  using Config = SharedConfig<false>;
  using Worker = PolicyWorker<LeastRequestPolicy, Config>;
};

struct WeightedRandom {
  static constexpr const char* name = "weighted_random";
  static constexpr const char* config_schema = kWeightedRandomSchema;
  using Config = SharedConfig<true>;
  using Worker = PolicyWorker<WeightedRandomPolicy, Config>;
};

constexpr smppd_factory kFactories[] = {
    cxx::lb_factory<RoundRobin>(),
    cxx::lb_factory<LeastRequest>(),
    cxx::lb_factory<WeightedRandom>(),
};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor =
    cxx::plugin_descriptor("lb_builtin", SMPPD_LB_BUILTIN_VERSION,
                           "Load-balancing policies: round_robin, least_request, weighted_random", kFactories);

}  // namespace smppd::plugins::lb_builtin

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::lb_builtin::kDescriptor);
