#include "host/router/prefix_trie.h"

namespace smppd::router {

void PrefixTrie::Builder::add(std::string_view prefix, uint32_t id) {
  uint32_t node = 0;
  for (char c : prefix) {
    const auto label = static_cast<uint8_t>(c);
    auto child = nodes_[node].children.find(label);
    if (child == nodes_[node].children.end()) {
      const auto created = static_cast<uint32_t>(nodes_.size());
      nodes_[node].children.emplace(label, created);
      nodes_.emplace_back();  // may move nodes_: no references are held across it
      node = created;
    } else {
      node = child->second;
    }
  }
  std::vector<uint32_t>& ids = nodes_[node].ids;
  if (ids.empty() || ids.back() != id) {
    ids.push_back(id);
  }
}

PrefixTrie PrefixTrie::Builder::build() && {
  PrefixTrie trie;
  trie.nodes_.resize(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) {
    Node& built = trie.nodes_[i];
    built.first_edge = static_cast<uint32_t>(trie.edge_labels_.size());
    built.edge_count = static_cast<uint32_t>(nodes_[i].children.size());
    for (const auto& [label, child] : nodes_[i].children) {
      trie.edge_labels_.push_back(label);
      trie.edge_targets_.push_back(child);
    }
    built.first_id = static_cast<uint32_t>(trie.ids_.size());
    built.id_count = static_cast<uint32_t>(nodes_[i].ids.size());
    trie.ids_.insert(trie.ids_.end(), nodes_[i].ids.begin(), nodes_[i].ids.end());
  }
  nodes_.clear();
  return trie;
}

}  // namespace smppd::router
