#include "host/router/cluster_index_map.h"

namespace smppd::router {

ClusterIndexMap::ClusterIndexMap(const config::Config& config) {
  for (size_t i = 0; i < config.clusters.size(); ++i) {
    indices_.emplace(config.clusters[i].name, static_cast<uint32_t>(i));
  }
}

std::optional<uint32_t> ClusterIndexMap::find(std::string_view name) const {
  const auto found = indices_.find(name);
  if (found == indices_.end()) {
    return std::nullopt;
  }
  return found->second;
}

}  // namespace smppd::router
