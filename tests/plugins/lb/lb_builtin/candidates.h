// Candidate arrays for the policies' tests, laid out as smppd lays them out.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "fake_host.h"
#include "smppd/cxx/lb.hpp"

namespace smppd::plugins::lb_builtin::testing {

using smppd::testing::lb_candidate;

// A view over `candidates` as pick receives it.
inline cxx::LbCandidates view_of(const std::vector<smppd_lb_candidate>& candidates) {
  return cxx::LbCandidates(candidates.data(), static_cast<uint32_t>(candidates.size()), sizeof(smppd_lb_candidate));
}

// One idle bind per endpoint id (its bind_id is the endpoint's).
inline std::vector<smppd_lb_candidate> idle_endpoints(std::initializer_list<uint64_t> endpoint_ids) {
  std::vector<smppd_lb_candidate> candidates;
  for (const uint64_t id : endpoint_ids) candidates.push_back(lb_candidate(id));
  return candidates;
}

// An idle bind of an endpoint that may have several.
inline smppd_lb_candidate idle_bind(uint64_t endpoint_id, uint64_t bind_id) {
  return lb_candidate(endpoint_id, 1, 0, 10, false, bind_id);
}

// The candidates as a host built before bind_id lays them out: entries end where bind_id starts,
// and the array ends with the last entry (a read of its bind_id is a heap overflow under ASan).
class OlderHostCandidates {
 public:
  static constexpr uint32_t kStride = cxx::kLbCandidateMinStride;

  explicit OlderHostCandidates(const std::vector<smppd_lb_candidate>& candidates)
      : count_(static_cast<uint32_t>(candidates.size())), bytes_(candidates.size() * kStride) {
    for (size_t i = 0; i < candidates.size(); ++i) {
      smppd_lb_candidate entry = candidates[i];
      entry.struct_size = kStride;
      std::memcpy(bytes_.data() + i * kStride, &entry, kStride);
    }
  }

  cxx::LbCandidates view() const {
    return cxx::LbCandidates(reinterpret_cast<const smppd_lb_candidate*>(bytes_.data()), count_, kStride);
  }

 private:
  uint32_t count_;
  std::vector<unsigned char> bytes_;
};

}  // namespace smppd::plugins::lb_builtin::testing
