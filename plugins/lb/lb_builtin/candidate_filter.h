#pragma once

#include "smppd/cxx/lb.hpp"

namespace smppd::plugins::lb_builtin {

// Which candidates a policy chooses among: all of them, or, when prefer_same_worker asks for it
// and the calling worker has any, only the binds on the calling worker.
class CandidateFilter {
 public:
  CandidateFilter(const cxx::LbCandidates& candidates, bool prefer_same_worker) noexcept;

  bool admits(const cxx::LbCandidate& candidate) const noexcept {
    return !same_worker_only_ || candidate.same_worker;
  }
  bool same_worker_only() const noexcept { return same_worker_only_; }

 private:
  bool same_worker_only_ = false;
};

}  // namespace smppd::plugins::lb_builtin
