#include "plugins/lb/lb_builtin/round_robin_policy.h"

#include "plugins/lb/lb_builtin/candidate_filter.h"

namespace smppd::plugins::lb_builtin {

// Workers start at different places, so that N workers do not all send their first message to
// the same bind.
RoundRobinPolicy::RoundRobinPolicy(const LbConfig& config, int32_t worker) noexcept
    : prefer_same_worker_(config.prefer_same_worker), cursor_(worker < 0 ? 0u : static_cast<uint32_t>(worker)) {}

int32_t RoundRobinPolicy::pick(const cxx::LbCandidates& candidates) noexcept {
  const CandidateFilter filter(candidates, prefer_same_worker_);
  return cursor_.next(candidates, [&filter](const cxx::LbCandidate& candidate) { return filter.admits(candidate); });
}

}  // namespace smppd::plugins::lb_builtin
