#include "host/upstream/cluster.h"

#include <gtest/gtest.h>

namespace smppd::upstream {
namespace {

config::ClusterConfig cluster_config(size_t endpoints) {
  config::ClusterConfig config;
  config.name = "unit";
  config.outlier.consecutive_errors = 3;
  config.outlier.base_ejection = std::chrono::milliseconds(60000);
  config.outlier.max_ejection_percent = 50;
  config.circuit_breaker.max_pending = 2;
  for (size_t i = 0; i < endpoints; ++i) {
    config::EndpointConfig endpoint;
    endpoint.name = "e" + std::to_string(i);
    endpoint.address = "127.0.0.1";
    endpoint.port = static_cast<uint16_t>(10000 + i);
    config.endpoints.push_back(endpoint);
  }
  return config;
}

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

TEST(Cluster, CircuitBreakerRefusesBeyondMaxPending) {
  const auto config = cluster_config(1);
  Cluster cluster(nullptr, config);
  EXPECT_TRUE(cluster.try_admit());
  EXPECT_TRUE(cluster.try_admit());
  EXPECT_FALSE(cluster.try_admit()) << "max_pending = 2";
  EXPECT_EQ(cluster.stats().upstream_rq_pending_overflow.get(), 1);
  cluster.release();
  EXPECT_TRUE(cluster.try_admit());
}

TEST(Cluster, ConsecutiveFailuresEjectWithGrowingTimeUpToTheShare) {
  const auto config = cluster_config(4);
  Cluster cluster(nullptr, config);
  auto& endpoints = cluster.endpoints();
  for (int i = 0; i < 2; ++i) cluster.record_result(*endpoints[0], true);
  EXPECT_FALSE(endpoints[0]->ejected(now_ns())) << "2 failures of 3";
  cluster.record_result(*endpoints[0], false);
  for (int i = 0; i < 2; ++i) cluster.record_result(*endpoints[0], true);
  EXPECT_FALSE(endpoints[0]->ejected(now_ns())) << "a success resets the streak";
  cluster.record_result(*endpoints[0], true);
  EXPECT_TRUE(endpoints[0]->ejected(now_ns()));
  const int64_t first_until = endpoints[0]->ejected_until_ns.load();

  for (int i = 0; i < 3; ++i) cluster.record_result(*endpoints[1], true);
  EXPECT_TRUE(endpoints[1]->ejected(now_ns())) << "2 of 4 ejected is 50%";
  for (int i = 0; i < 3; ++i) cluster.record_result(*endpoints[2], true);
  EXPECT_FALSE(endpoints[2]->ejected(now_ns())) << "a third would pass max_ejection_percent";
  EXPECT_EQ(cluster.stats().outlier_ejections.get(), 2);

  // A second ejection of the same endpoint lasts twice the base.
  endpoints[0]->ejected_until_ns.store(0);
  for (int i = 0; i < 3; ++i) cluster.record_result(*endpoints[0], true);
  EXPECT_GT(endpoints[0]->ejected_until_ns.load() - now_ns(), first_until - now_ns() + 30'000'000'000LL);
}

TEST(Cluster, NoBindsNoPick) {
  const auto config = cluster_config(2);
  Cluster cluster(nullptr, config);
  EXPECT_EQ(cluster.pick(0, nullptr), nullptr);
  EXPECT_FALSE(cluster.has_bound_bind());
}

}  // namespace
}  // namespace smppd::upstream
