#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>

#include "host/upstream/cluster.h"

namespace smppd::upstream {

// On the control thread: asks the cluster's health checker about each endpoint every interval and
// marks endpoints healthy or unhealthy after their thresholds, until the cluster is stopped. The
// loop holds the cluster, not its manager: a cluster carried across a reload keeps its one loop
// while the manager that started it is retired.
boost::asio::awaitable<void> health_check_loop(std::shared_ptr<Cluster> cluster, boost::asio::io_context& control);

}  // namespace smppd::upstream
