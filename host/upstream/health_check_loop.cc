#include "host/upstream/health_check_loop.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <vector>

#include "host/api/pause_registry.h"
#include "host/async/await_callback.h"

namespace smppd::upstream {

namespace asio = boost::asio;

asio::awaitable<void> health_check_loop(std::shared_ptr<Cluster> cluster, asio::io_context& control) {
  // Copied into the deadline handlers, which may outlive this frame (they do nothing then).
  const smppd_health_checker_vtable* const vtable = cluster->health_checker()->vtable;
  void* const checker_config = cluster->health_checker()->config;
  const config::HealthCheckConfig& settings = cluster->config().health_check;
  struct Streak {
    uint32_t successes = 0;
    uint32_t failures = 0;
  };
  std::vector<Streak> streaks(cluster->endpoints().size());
  // Ends with the frame, also when the control context destroys it at shutdown; the frame's
  // parameter copy (the cluster) is destroyed after its locals.
  cluster->set_health_checking(true);
  struct LoopEnd {
    Cluster& cluster;
    ~LoopEnd() { cluster.set_health_checking(false); }
  } loop_end{*cluster};
  asio::steady_timer timer(control);
  auto& registry = api::PauseRegistry::process();
  while (!cluster->stopped()) {
    for (size_t e = 0; e < cluster->endpoints().size() && !cluster->stopped(); ++e) {
      Endpoint& endpoint = *cluster->endpoints()[e];
      smppd_endpoint_info info{};
      info.struct_size = sizeof(info);
      info.port = endpoint.config.port;
      info.endpoint_id = endpoint.id;
      info.cluster = {endpoint.cluster.data(), endpoint.cluster.size()};
      info.name = {endpoint.config.name.data(), endpoint.config.name.size()};
      info.address = {endpoint.config.address.data(), endpoint.config.address.size()};
      const auto timeout = settings.timeout;
      const bool healthy = co_await async::await_callback<bool>([&](std::function<void(bool)> complete) {
        const uint64_t token = registry.open([complete](api::PauseOutcome outcome) { complete(outcome.verdict == SMPPD_CONTINUE); });
        const int32_t verdict =
            vtable->check(checker_config, &info, std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count(), token);
        if (verdict != SMPPD_PAUSE) {
          if (registry.cancel(token)) complete(verdict == SMPPD_CONTINUE);
          return;
        }
        auto deadline = std::make_shared<asio::steady_timer>(control, timeout);
        deadline->async_wait([deadline, token, vtable, checker_config, complete, &registry](const boost::system::error_code&) {
          if (registry.cancel(token)) {
            if (SMPPD_HAS(vtable, on_cancel)) vtable->on_cancel(checker_config, token);
            complete(false);
          }
        });
      });
      Streak& streak = streaks[e];
      if (healthy) {
        cluster->stats().health_check_success.add(1);
        streak.failures = 0;
        if (++streak.successes >= settings.healthy_threshold) cluster->set_healthy(endpoint, true);
      } else {
        cluster->stats().health_check_failure.add(1);
        streak.successes = 0;
        if (++streak.failures >= settings.unhealthy_threshold) cluster->set_healthy(endpoint, false);
      }
    }
    timer.expires_after(settings.interval);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

}  // namespace smppd::upstream
