#pragma once

#include <string>
#include <string_view>

#include "host/config/config.h"

namespace smppd::router::testing {

// Three clusters that need no endpoints, to route to: smsc-a, smsc-b and smsc-c (indices 0 to 2).
inline constexpr std::string_view kMockClusters = R"([[clusters]]
name = "smsc-a"
upstream = "mock"

[[clusters]]
name = "smsc-b"
upstream = "mock"

[[clusters]]
name = "smsc-c"
upstream = "mock"
)";

// The config of a test, loaded as smppd loads its file (named "etc/smppd.toml" in errors); fails
// the calling test when the loader refuses it.
config::Config load_test_config(std::string_view toml);

// A cluster with only a name, for Configs made in code.
config::ClusterConfig cluster_named(std::string name);

}  // namespace smppd::router::testing
