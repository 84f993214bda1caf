#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace smppd::router {

// A route's clusters with their weights: a cluster is picked with probability weight / total.
// A plain `cluster = "..."` route is one cluster of weight 1, picked without a random number.
class WeightedClusterPick {
 public:
  struct Choice {
    uint32_t cluster_index = 0;  // in Config::clusters
    uint32_t weight = 0;
  };

  WeightedClusterPick() = default;
  // At least one weight above 0 (build_router checks it).
  explicit WeightedClusterPick(std::span<const Choice> choices);

  // `random` is any uniformly distributed 64-bit number.
  uint32_t pick(uint64_t random) const;
  bool needs_random() const { return cumulative_.size() > 1; }

 private:
  std::vector<uint32_t> clusters_;
  std::vector<uint64_t> cumulative_;  // running sum of the weights, same order as clusters_
};

}  // namespace smppd::router
