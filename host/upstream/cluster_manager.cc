#include "host/upstream/cluster_manager.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>

#include "host/api/call.h"
#include "host/api/pause_registry.h"
#include "host/api/upstream_hooks.h"
#include "host/logging/logging.h"
#include "host/plugin/plugin_config_object.h"
#include "host/server/spawn_logged.h"
#include "host/upstream/health_check_loop.h"

namespace smppd::upstream {

namespace asio = boost::asio;

namespace {

const auto& log() {
  static const auto logger = logging::get("upstream");
  return logger;
}

std::string where_of(const config::Config& config, const config::ClusterConfig& cluster, size_t index) {
  return config.source_file + ": clusters[" + std::to_string(index) + "] (" + cluster.name + ")";
}

// TLS towards an SMSC: the configured CA or the system's, and the peer checked unless verify is off.
std::shared_ptr<asio::ssl::context> client_tls_context(const config::UpstreamTlsConfig& tls, std::string& error) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  boost::system::error_code ec;
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1,
                       ec);
  if (tls.ca_file) {
    context->load_verify_file(tls.ca_file->string(), ec);
  } else {
    context->set_default_verify_paths(ec);
  }
  if (ec) {
    error = "tls: " + ec.message();
    return nullptr;
  }
  context->set_verify_mode(tls.verify ? asio::ssl::verify_peer : asio::ssl::verify_none, ec);
  return context;
}

// Submits waiting on a transport plugin's complete(), by token. Process-wide: after a reload, the
// transports of the retiring clusters still complete through the hooks the newest manager installed.
struct TransportCalls {
  std::mutex mutex;
  std::unordered_map<uint64_t, SubmitHandler> pending;
  std::atomic<uint64_t> next_token{1};

  SubmitHandler take(uint64_t token) {
    std::lock_guard lock(mutex);
    auto it = pending.find(token);
    if (it == pending.end()) return {};
    SubmitHandler handler = std::move(it->second);
    pending.erase(it);
    return handler;
  }
};

TransportCalls& transport_calls() {
  static TransportCalls* calls = new TransportCalls();  // never destroyed: plugins may complete late
  return *calls;
}

// The manager whose hooks are installed (the newest one; control thread only).
ClusterManager* g_hooks_owner = nullptr;

// Generations of managers; 0 is no manager's.
std::atomic<uint64_t> g_next_generation{1};

}  // namespace

ClusterManager::ClusterManager(std::shared_ptr<const config::Config> config, const plugin::PluginRegistry& plugins,
                               server::WorkerPool& workers, asio::io_context& control)
    : config_(std::move(config)), plugins_(plugins), workers_(workers), control_(control), generation_(g_next_generation++) {}

ClusterManager::~ClusterManager() {
  if (g_hooks_owner == this) {
    api::install_upstream_hooks({});
    g_hooks_owner = nullptr;
  }
  // Submits still waiting on a transport belong to sessions already gone with the workers: their
  // handlers are dropped, not called (they would post to stopped workers).
}

bool ClusterManager::build(std::vector<std::string>& errors, const std::vector<std::shared_ptr<Cluster>>& carried) {
  const size_t before = errors.size();
  const config::Config& config = *config_;
  for (size_t i = 0; i < config.clusters.size(); ++i) {
    if (i < carried.size() && carried[i]) {
      clusters_.push_back(carried[i]);
      continue;
    }
    const config::ClusterConfig& cluster_config = config.clusters[i];
    auto cluster = std::make_shared<Cluster>(config_, cluster_config);
    const std::string where = where_of(config, cluster_config, i);

    if (cluster_config.upstream != config::kSmppUpstream) {
      const auto found = plugins_.find_factory(SMPPD_KIND_UPSTREAM, cluster_config.upstream);
      if (!found) {
        errors.push_back(where + ": upstream: no loaded plugin offers an upstream transport named '" +
                         cluster_config.upstream + "'");
      } else {
        auto transport = std::make_unique<TransportUpstream>();
        transport->name = cluster_config.upstream;
        transport->vtable = static_cast<const smppd_upstream_vtable*>(found->factory->vtable);
        const auto object = plugin::make_config_object(
            *found, SMPPD_HAS(transport->vtable, config_new) ? transport->vtable->config_new : nullptr,
            cluster_config.upstream_config, config, "upstream '" + cluster_config.upstream + "'", errors);
        if (object) {
          transport->config = *object;
          cluster->set_transport(std::move(transport));
        }
      }
      clusters_.push_back(std::move(cluster));
      continue;
    }

    const auto lb_found = plugins_.find_factory(SMPPD_KIND_LB_POLICY, cluster_config.lb_policy);
    if (!lb_found) {
      errors.push_back(where + ": lb_policy: no loaded plugin offers a load-balancing policy named '" +
                       cluster_config.lb_policy + "'");
    } else {
      auto lb = std::make_unique<LbPolicy>();
      lb->name = cluster_config.lb_policy;
      lb->vtable = static_cast<const smppd_lb_vtable*>(lb_found->factory->vtable);
      const auto object = plugin::make_config_object(*lb_found, SMPPD_HAS(lb->vtable, config_new) ? lb->vtable->config_new : nullptr,
                                                     cluster_config.lb_config, config,
                                                     "lb_policy '" + cluster_config.lb_policy + "'", errors);
      if (object) {
        lb->config = *object;
        bool ok = SMPPD_HAS(lb->vtable, worker_new) && SMPPD_HAS(lb->vtable, pick);
        for (size_t w = 0; ok && w < workers_.size(); ++w) {
          void* instance = nullptr;
          ok = lb->vtable->worker_new(lb->config, static_cast<int32_t>(w), &instance) == SMPPD_OK;
          lb->per_worker.push_back(instance);
        }
        if (!ok) {
          errors.push_back(where + ": lb_policy '" + cluster_config.lb_policy + "' could not make its per-worker state");
        } else {
          cluster->set_lb(std::move(lb));
        }
      }
    }

    const std::string& checker_name = cluster_config.health_check.plugin;
    if (!checker_name.empty()) {
      const auto found = plugins_.find_factory(SMPPD_KIND_HEALTH_CHECKER, checker_name);
      if (!found) {
        errors.push_back(where + ": health_check.plugin: no loaded plugin offers a health checker named '" +
                         checker_name + "'");
      } else {
        const auto* vtable = static_cast<const smppd_health_checker_vtable*>(found->factory->vtable);
        config::PluginConfig empty;  // health checkers are configured by the health_check table itself
        empty.key_path = "clusters[" + std::to_string(i) + "].health_check";
        empty.where.file = config.source_file;
        const auto object = plugin::make_config_object(*found, SMPPD_HAS(vtable, config_new) ? vtable->config_new : nullptr,
                                                       empty, config, "health checker '" + checker_name + "'", errors);
        if (object) {
          auto checker = std::make_unique<HealthChecker>();
          checker->vtable = vtable;
          checker->config = *object;
          cluster->set_health_checker(std::move(checker));
        }
      }
    }
    clusters_.push_back(std::move(cluster));
  }
  return errors.size() == before;
}

void ClusterManager::start(InboundHandler& inbound) {
  inbound_ = &inbound;
  install_hooks();
  size_t next_worker = 0;
  for (auto& cluster : clusters_) {
    // A carried cluster runs on as it is: the manager before started it and owns it until
    // take_over().
    if (cluster->owner() != 0) continue;
    start_cluster(cluster, next_worker);
    cluster->set_owner(generation_);
  }
}

void ClusterManager::take_over() {
  for (auto& cluster : clusters_) cluster->set_owner(generation_);
}

void ClusterManager::start_cluster(const std::shared_ptr<Cluster>& shared, size_t& next_worker) {
  Cluster& cluster = *shared;
  if (TransportUpstream* transport = cluster.transport()) {
    transport->handle.cluster = &cluster;
    if (SMPPD_HAS(transport->vtable, start) &&
        transport->vtable->start(transport->config, &transport->handle, &transport->instance) != SMPPD_OK) {
      log()->error("cluster {}: upstream '{}' failed to start", cluster.name(), transport->name);
    }
    return;
  }
  for (auto& endpoint : cluster.endpoints()) {
    std::shared_ptr<asio::ssl::context> tls;
    if (endpoint->config.tls.enabled) {
      std::string error;
      tls = client_tls_context(endpoint->config.tls, error);
      if (!tls) {
        log()->error("cluster {}: endpoint {}: {}; not binding it", cluster.name(), endpoint->config.name, error);
        continue;
      }
    }
    for (uint32_t b = 0; b < endpoint->config.binds; ++b) {
      const size_t worker = next_worker++ % workers_.size();
      auto bind = std::make_shared<UpstreamBind>(*endpoint, b, workers_.context(worker), static_cast<int32_t>(worker),
                                                 UpstreamBind::Shared{cluster.name(), &cluster.stats(), inbound_, tls});
      endpoint->binds.push_back(bind);
      bind->start();
    }
  }
  if (cluster.health_checker() != nullptr) {
    asio::co_spawn(control_, health_check_loop(shared, control_),
                   server::log_exceptions("health checks of cluster " + cluster.name()));
  }
}

void ClusterManager::stop() {
  stopped_ = true;
  for (auto& cluster : clusters_) {
    if (owns(*cluster)) cluster->stop();
  }
}

bool ClusterManager::idle() const {
  for (const auto& cluster : clusters_) {
    if (owns(*cluster) && !cluster->idle()) return false;
  }
  return true;
}

uint32_t ClusterManager::pending() const {
  uint32_t sum = 0;
  for (const auto& cluster : clusters_) sum += cluster->pending();
  return sum;
}

void ClusterManager::release_binds() {
  for (auto& cluster : clusters_) {
    for (auto& endpoint : cluster->endpoints()) endpoint->binds.clear();
  }
}

std::shared_ptr<Cluster> ClusterManager::find(const std::string& name) const {
  for (const auto& cluster : clusters_) {
    if (cluster->name() == name) return cluster;
  }
  return nullptr;
}

bool ClusterManager::warm(const std::vector<uint32_t>& clusters) const {
  for (const uint32_t index : clusters) {
    if (!clusters_[index]->has_bound_bind()) return false;
  }
  return true;
}

// ---- transports ----------------------------------------------------------------------------

void ClusterManager::submit_via_transport(Cluster& cluster, codec::Pdu request, SubmitHandler done) {
  TransportUpstream* transport = cluster.transport();
  if (transport == nullptr || transport->instance == nullptr || !SMPPD_HAS(transport->vtable, submit)) {
    done(SubmitOutcome{SubmitOutcome::not_sent, 0, {}});
    return;
  }
  TransportCalls& calls = transport_calls();
  const uint64_t token = calls.next_token.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard lock(calls.mutex);
    calls.pending.emplace(token, std::move(done));
  }
  cluster.stats().upstream_rq_total.add(1);
  smppd_message message(request);
  const int32_t result = transport->vtable->submit(transport->instance, &message, token);
  if (result != SMPPD_OK) {
    SubmitHandler handler = calls.take(token);
    if (!handler) return;  // completed within submit after all
    const uint32_t status = result == SMPPD_E_BUSY ? codec::status::kThrottled : codec::status::kSysErr;
    handler(SubmitOutcome{SubmitOutcome::answered, status, {}});
  }
}

void ClusterManager::install_hooks() {
  api::UpstreamHooks hooks;
  hooks.complete = [](uint64_t token, uint32_t status, std::string_view message_id) -> int32_t {
    SubmitHandler handler = transport_calls().take(token);
    if (!handler) return SMPPD_E_NOT_FOUND;
    handler(SubmitOutcome{SubmitOutcome::answered, status, std::string(message_id)});
    return SMPPD_OK;
  };
  hooks.deliver = [this](smppd_upstream* upstream, smppd_message* message) -> int32_t {
    codec::Pdu pdu = std::move(*message->owned);
    api::upstream_table()->message_free(message);
    if (stopped_ || inbound_ == nullptr) return SMPPD_E_BUSY;
    Cluster* cluster = upstream->cluster;
    cluster->stats().inbound_total.add(1);
    const size_t worker = next_inbound_worker_.fetch_add(1, std::memory_order_relaxed) % workers_.size();
    // A transport has no deliver_sm_resp to send: its receipts and MO are taken as they come.
    auto executor = workers_.context(worker).get_executor();
    asio::post(executor, [this, cluster, executor, pdu = std::move(pdu)]() mutable {
      inbound_->on_inbound(cluster->name(), std::move(pdu), [](uint32_t) {}, executor);
    });
    return SMPPD_OK;
  };
  hooks.probe_enquire_link = [this](uint64_t endpoint_id, int64_t timeout_ns, uint64_t token) -> int32_t {
    for (auto& cluster : clusters_) {
      for (auto& endpoint : cluster->endpoints()) {
        if (endpoint->id != endpoint_id) continue;
        for (auto& bind : endpoint->binds) {
          if (!bind->bound()) continue;
          const auto timeout = std::chrono::milliseconds(std::max<int64_t>(1, timeout_ns / 1000000));
          asio::post(bind->executor(), [bind, timeout, token] {
            bind->probe(timeout, [token](bool answered) {
              api::PauseRegistry::process().resume(token, answered ? SMPPD_CONTINUE : SMPPD_STOP, 0);
            });
          });
          return SMPPD_OK;
        }
        api::PauseRegistry::process().resume(token, SMPPD_STOP, 0);  // no bind is up to ask
        return SMPPD_OK;
      }
    }
    return SMPPD_E_NOT_FOUND;
  };
  api::install_upstream_hooks(std::move(hooks));
  g_hooks_owner = this;
}

}  // namespace smppd::upstream
