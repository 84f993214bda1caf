#include "tests/host/router/router_test_config.h"

#include <gtest/gtest.h>

#include "host/config/config_loader.h"

namespace smppd::router::testing {

config::Config load_test_config(std::string_view toml) {
  config::LoadResult result = config::load_config_text(toml, "etc/smppd.toml", config::SecretResolver::from_map({}));
  for (const config::ConfigError& error : result.errors) {
    ADD_FAILURE() << error.to_string();
  }
  return result.config ? std::move(*result.config) : config::Config{};
}

config::ClusterConfig cluster_named(std::string name) {
  config::ClusterConfig cluster;
  cluster.name = std::move(name);
  return cluster;
}

}  // namespace smppd::router::testing
