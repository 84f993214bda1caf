#include "plugins/lb/lb_builtin/candidate_filter.h"

namespace smppd::plugins::lb_builtin {

CandidateFilter::CandidateFilter(const cxx::LbCandidates& candidates, bool prefer_same_worker) noexcept {
  if (!prefer_same_worker) return;
  for (const cxx::LbCandidate candidate : candidates) {
    if (candidate.same_worker) {
      same_worker_only_ = true;
      return;
    }
  }
}

}  // namespace smppd::plugins::lb_builtin
