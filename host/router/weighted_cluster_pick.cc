#include "host/router/weighted_cluster_pick.h"

#include <algorithm>

namespace smppd::router {

WeightedClusterPick::WeightedClusterPick(std::span<const Choice> choices) {
  uint64_t total = 0;
  for (const Choice& choice : choices) {
    if (choice.weight == 0) {
      continue;  // never picked: leaving it out keeps the search short
    }
    total += choice.weight;
    clusters_.push_back(choice.cluster_index);
    cumulative_.push_back(total);
  }
}

uint32_t WeightedClusterPick::pick(uint64_t random) const {
  if (cumulative_.size() <= 1) {
    return clusters_.empty() ? 0 : clusters_.front();
  }
  // The modulo's bias is below total / 2^64: weights are at most a million each.
  const uint64_t point = random % cumulative_.back();
  const auto chosen = std::upper_bound(cumulative_.begin(), cumulative_.end(), point);
  return clusters_[static_cast<size_t>(chosen - cumulative_.begin())];
}

}  // namespace smppd::router
