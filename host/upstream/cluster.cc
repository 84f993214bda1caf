#include "host/upstream/cluster.h"

#include <algorithm>

#include "host/async/monotonic_clock.h"
#include "host/logging/logging.h"

namespace smppd::upstream {

namespace {

// Endpoint ids are unique in the process, so plugins can name an endpoint across clusters.
std::atomic<uint64_t> g_next_endpoint_id{1};

}  // namespace

LbPolicy::~LbPolicy() {
  for (void* instance : per_worker) {
    if (instance != nullptr && SMPPD_HAS(vtable, worker_free)) vtable->worker_free(instance);
  }
  if (config != nullptr && SMPPD_HAS(vtable, config_free)) vtable->config_free(config);
}

TransportUpstream::~TransportUpstream() {
  if (instance != nullptr && SMPPD_HAS(vtable, stop)) vtable->stop(instance);
  if (config != nullptr && SMPPD_HAS(vtable, config_free)) vtable->config_free(config);
}

HealthChecker::~HealthChecker() {
  if (config != nullptr && SMPPD_HAS(vtable, config_free)) vtable->config_free(config);
}

Cluster::Cluster(std::shared_ptr<const config::Config> owner, const config::ClusterConfig& config)
    : owner_config_(std::move(owner)), config_(config), stats_(config.name) {
  for (const config::EndpointConfig& endpoint : config.endpoints) {
    endpoints_.push_back(std::make_unique<Endpoint>(g_next_endpoint_id.fetch_add(1), config.name, endpoint));
  }
}

Cluster::~Cluster() = default;

void Cluster::stop() {
  stopped_ = true;
  for (auto& endpoint : endpoints_) {
    for (auto& bind : endpoint->binds) bind->stop();
  }
}

bool Cluster::idle() const {
  if (health_checking_) return false;
  for (const auto& endpoint : endpoints_) {
    for (const auto& bind : endpoint->binds) {
      if (bind.use_count() > 1) return false;
    }
  }
  return true;
}

bool Cluster::try_admit() {
  const uint32_t limit = config_.circuit_breaker.max_pending;
  uint32_t current = pending_.load(std::memory_order_relaxed);
  do {
    if (current >= limit) {
      stats_.upstream_rq_pending_overflow.add(1);
      return false;
    }
  } while (!pending_.compare_exchange_weak(current, current + 1, std::memory_order_relaxed));
  return true;
}

void Cluster::release() { pending_.fetch_sub(1, std::memory_order_relaxed); }

UpstreamBind* Cluster::pick(int32_t worker, const smppd_message* message, const UpstreamBind* exclude) {
  thread_local std::vector<smppd_lb_candidate> candidates;
  thread_local std::vector<UpstreamBind*> binds;
  candidates.clear();
  binds.clear();
  // pick runs for every message: the clock only once an endpoint was ever ejected.
  int64_t now = 0;
  const auto ejected = [&now](const Endpoint& endpoint) {
    if (endpoint.ejected_until_ns.load(std::memory_order_relaxed) == 0) return false;
    if (now == 0) now = async::monotonic_ns();
    return endpoint.ejected(now);
  };
  // Binds paused by a throttle only when nothing else can take the message: their queues resend
  // in order once the pause is over.
  for (const bool take_paused : {false, true}) {
    if (!candidates.empty()) break;
    for (const auto& endpoint : endpoints_) {
      if (!endpoint->healthy.load(std::memory_order_relaxed) || ejected(*endpoint) ||
          endpoint->suspended.load(std::memory_order_relaxed)) {
        continue;
      }
      for (const auto& bind : endpoint->binds) {
        if (bind.get() == exclude || !bind->bound() || bind->paused() != take_paused) continue;
        smppd_lb_candidate candidate{};
        candidate.struct_size = sizeof(smppd_lb_candidate);
        candidate.weight = endpoint->weight;
        candidate.in_flight = bind->pending();
        candidate.window = bind->window();
        candidate.endpoint_id = endpoint->id;
        candidate.same_worker = bind->worker() == worker ? 1 : 0;
        candidate.bind_id = bind->id();
        candidates.push_back(candidate);
        binds.push_back(bind.get());
      }
    }
  }
  if (candidates.empty() || !lb_ || worker < 0 || static_cast<size_t>(worker) >= lb_->per_worker.size()) return nullptr;
  const int32_t chosen = lb_->vtable->pick(lb_->per_worker[static_cast<size_t>(worker)], candidates.data(),
                                           static_cast<uint32_t>(candidates.size()), sizeof(smppd_lb_candidate), message);
  if (chosen < 0 || static_cast<size_t>(chosen) >= binds.size()) return nullptr;
  return binds[static_cast<size_t>(chosen)];
}

void Cluster::record_result(Endpoint& endpoint, bool failed) {
  const auto& outlier = config_.outlier;
  if (!failed) {
    // Written only when there is something to reset: every worker's pick() reads this endpoint
    // for every message, and a store per success would move its cache line between the cores.
    if (endpoint.consecutive_errors.load(std::memory_order_relaxed) != 0) {
      endpoint.consecutive_errors.store(0, std::memory_order_relaxed);
    }
    return;
  }
  const uint32_t errors = endpoint.consecutive_errors.fetch_add(1, std::memory_order_relaxed) + 1;
  if (outlier.consecutive_errors == 0 || errors < outlier.consecutive_errors) return;
  const int64_t now = async::monotonic_ns();
  if (endpoint.ejected(now)) return;
  const size_t ejected = static_cast<size_t>(std::count_if(endpoints_.begin(), endpoints_.end(),
                                                           [&](const auto& e) { return e->ejected(now); }));
  // Never eject more than the configured share (at least one endpoint always stays).
  if ((ejected + 1) * 100 > static_cast<size_t>(outlier.max_ejection_percent) * endpoints_.size()) return;
  const uint32_t times = endpoint.ejection_count.fetch_add(1, std::memory_order_relaxed) + 1;
  const auto duration = std::chrono::duration_cast<std::chrono::nanoseconds>(outlier.base_ejection * times);
  endpoint.ejected_until_ns.store(now + duration.count(), std::memory_order_relaxed);
  endpoint.consecutive_errors.store(0, std::memory_order_relaxed);
  stats_.outlier_ejections.add(1);
  logging::get("upstream")->warn("cluster {}: endpoint {} ejected for {} ms after {} failures in a row", config_.name,
                                 endpoint.config.name, std::chrono::duration_cast<std::chrono::milliseconds>(duration).count(),
                                 errors);
}

void Cluster::set_healthy(Endpoint& endpoint, bool healthy) {
  if (endpoint.healthy.exchange(healthy) != healthy) {
    logging::get("upstream")->warn("cluster {}: endpoint {} is now {}", config_.name, endpoint.config.name,
                                   healthy ? "healthy" : "unhealthy");
  }
}

bool Cluster::has_bound_bind() const {
  if (transport_) return true;
  for (const auto& endpoint : endpoints_) {
    for (const auto& bind : endpoint->binds) {
      if (bind->bound()) return true;
    }
  }
  return false;
}

}  // namespace smppd::upstream
