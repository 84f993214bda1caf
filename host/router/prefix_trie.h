#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <string_view>
#include <vector>

namespace smppd::router {

// Maps prefixes (any bytes: digits, '+', letters of alphanumeric senders) to lists of ids, and
// answers "which of the stored prefixes does this address start with" in one walk down the
// address, however many prefixes are stored. Built once, then read by any number of threads.
class PrefixTrie {
 public:
  class Builder {
   public:
    // Ids are kept in the order added; add them in non-decreasing order (a route's index), and an
    // id given twice for one prefix is kept once.
    void add(std::string_view prefix, uint32_t id);
    PrefixTrie build() &&;

   private:
    struct GrowingNode {
      std::map<uint8_t, uint32_t> children;
      std::vector<uint32_t> ids;
    };
    std::vector<GrowingNode> nodes_{1};  // [0] is the root: the empty prefix
  };

  PrefixTrie() = default;

  // Calls visit(std::span<const uint32_t> ids) for every stored prefix of `address`, shortest
  // first; stops when visit returns false.
  template <typename Visit>
  void for_each_prefix_of(std::string_view address, Visit&& visit) const {
    if (nodes_.empty()) {
      return;
    }
    uint32_t node = 0;
    for (size_t depth = 0;; ++depth) {
      const Node& at = nodes_[node];
      if (at.id_count != 0 && !visit(std::span<const uint32_t>(ids_.data() + at.first_id, at.id_count))) {
        return;
      }
      if (depth == address.size() || at.edge_count == 0) {
        return;
      }
      const uint8_t* labels = edge_labels_.data() + at.first_edge;
      const void* found = std::memchr(labels, static_cast<uint8_t>(address[depth]), at.edge_count);
      if (found == nullptr) {
        return;
      }
      node = edge_targets_[at.first_edge + static_cast<size_t>(static_cast<const uint8_t*>(found) - labels)];
    }
  }

  size_t node_count() const { return nodes_.size(); }

 private:
  // Flat arrays instead of a map per node: one cache-friendly scan of a node's labels per byte.
  struct Node {
    uint32_t first_edge = 0;
    uint32_t edge_count = 0;
    uint32_t first_id = 0;
    uint32_t id_count = 0;
  };

  std::vector<Node> nodes_;
  std::vector<uint8_t> edge_labels_;  // a node's edges are contiguous; labels are unique per node
  std::vector<uint32_t> edge_targets_;
  std::vector<uint32_t> ids_;
};

}  // namespace smppd::router
