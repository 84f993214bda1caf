#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "host/config/config.h"

namespace smppd::router {

// Cluster names to their index in Config::clusters, the index decisions carry. Borrows the names
// from the Config, so it lives only while a router is built.
class ClusterIndexMap {
 public:
  explicit ClusterIndexMap(const config::Config& config);

  // nullopt for a name the config has no cluster for: the loader refuses those, so only a Config
  // made in code gets one.
  std::optional<uint32_t> find(std::string_view name) const;

 private:
  std::unordered_map<std::string_view, uint32_t> indices_;
};

}  // namespace smppd::router
