#include "plugins/lb/lb_builtin/least_request_policy.h"

#include <algorithm>

#include "plugins/lb/lb_builtin/candidate_filter.h"

namespace smppd::plugins::lb_builtin {

LeastRequestPolicy::LeastRequestPolicy(const LbConfig& config, int32_t worker) noexcept
    : prefer_same_worker_(config.prefer_same_worker), ties_(worker < 0 ? 0u : static_cast<uint32_t>(worker)) {}

bool LeastRequestPolicy::less_loaded(const cxx::LbCandidate& a, const cxx::LbCandidate& b) noexcept {
  const uint64_t a_window = std::max<uint32_t>(a.window, 1);
  const uint64_t b_window = std::max<uint32_t>(b.window, 1);
  return static_cast<uint64_t>(a.in_flight) * b_window < static_cast<uint64_t>(b.in_flight) * a_window;
}

int32_t LeastRequestPolicy::pick(const cxx::LbCandidates& candidates) noexcept {
  const CandidateFilter filter(candidates, prefer_same_worker_);
  bool found = false;
  cxx::LbCandidate least;
  for (const cxx::LbCandidate candidate : candidates) {
    if (!filter.admits(candidate)) continue;
    if (!found || less_loaded(candidate, least)) {
      least = candidate;
      found = true;
    }
  }
  if (!found) return -1;
  return ties_.next(candidates, [&](const cxx::LbCandidate& candidate) {
    return filter.admits(candidate) && !less_loaded(least, candidate);  // as loaded as the least
  });
}

}  // namespace smppd::plugins::lb_builtin
