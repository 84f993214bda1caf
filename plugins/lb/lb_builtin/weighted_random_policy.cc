#include "plugins/lb/lb_builtin/weighted_random_policy.h"

#include "plugins/lb/lb_builtin/candidate_filter.h"

namespace smppd::plugins::lb_builtin {
namespace {

uint64_t seed_for(const LbConfig& config, int32_t worker) {
  if (!config.seed) {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
  }
  // Workers with one configured seed still draw different sequences.
  return *config.seed ^ (0x9E3779B97F4A7C15ull * (static_cast<uint64_t>(static_cast<uint32_t>(worker)) + 1));
}

}  // namespace

WeightedRandomPolicy::WeightedRandomPolicy(const LbConfig& config, int32_t worker)
    : prefer_same_worker_(config.prefer_same_worker), random_(seed_for(config, worker)) {}

int32_t WeightedRandomPolicy::pick(const cxx::LbCandidates& candidates) noexcept {
  const CandidateFilter filter(candidates, prefer_same_worker_);
  uint64_t total_weight = 0;
  uint64_t admitted = 0;
  for (const cxx::LbCandidate candidate : candidates) {
    if (!filter.admits(candidate)) continue;
    total_weight += candidate.weight;
    ++admitted;
  }
  if (admitted == 0) return -1;
  const bool uniform = total_weight == 0;
  uint64_t remaining = std::uniform_int_distribution<uint64_t>(0, (uniform ? admitted : total_weight) - 1)(random_);
  for (uint32_t i = 0; i < candidates.size(); ++i) {
    const cxx::LbCandidate candidate = candidates[i];
    if (!filter.admits(candidate)) continue;
    const uint64_t share = uniform ? 1 : candidate.weight;
    if (remaining < share) return static_cast<int32_t>(i);
    remaining -= share;
  }
  return -1;  // not reached: remaining < the admitted total
}

}  // namespace smppd::plugins::lb_builtin
