#include "host/server/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <set>
#include <variant>

#include "host/api/plugin_admin_handlers.h"
#include "host/filter/filter_chain_builder.h"
#include "host/logging/access_log.h"
#include "host/logging/logging.h"
#include "host/systemd/systemd_notify.h"
#include "host/server/server_session.h"
#include "host/server/spawn_logged.h"
#include "host/server/tls_context.h"

namespace smppd::server {

namespace asio = boost::asio;

namespace {

SessionSettings settings_of(const config::ListenerConfig& listener) {
  SessionSettings settings;
  settings.bind_timeout = listener.session.bind_timeout;
  settings.enquire_link_interval = listener.session.enquire_link_interval;
  settings.inactivity_timeout = listener.session.inactivity_timeout;
  settings.response_timeout = listener.session.response_timeout;
  settings.window = listener.session.window;
  settings.max_command_length = listener.session.max_command_length;
  settings.max_password_length = static_cast<uint8_t>(listener.session.max_password_length);
  settings.max_consecutive_errors = listener.session.max_consecutive_errors;
  settings.allow_unauthenticated = listener.allow_unauthenticated;
  return settings;
}

}  // namespace

Server::Server(std::shared_ptr<const config::Config> config, const plugin::PluginRegistry& plugins, ServerOptions options)
    : config_(std::move(config)), plugins_(plugins), options_(options), sessions_(options.workers), workers_(options.workers) {}

Server::~Server() {
  api::PluginAdminHandlers::process().detach();
  stop_shared_state_work();
  listeners_.clear();
  if (clusters_) clusters_->stop();
  workers_.stop(true);
  if (clusters_) clusters_->release_binds();
  // The store's last completions go to the workers' queues, which still exist until workers_ is
  // destroyed; nothing runs them any more.
  release_state_store();
}

bool Server::build(std::vector<std::string>& errors) {
  const size_t before = errors.size();
  router_ = router::build_router(*config_, errors);
  mo_router_ = router::build_mo_router(*config_, errors);
  clusters_ = std::make_unique<upstream::ClusterManager>(config_, plugins_, workers_, control_);
  clusters_->build(errors);
  contexts_ = make_listener_contexts(*config_, errors);
  check_state_store(errors);
  if (!config_->access_log.path.empty()) {
    // The format is checked here (with "-": no file is opened); open() opens the file.
    std::string error;
    if (!logging::AccessLog::open("-", access_log_format(), error)) {
      errors.push_back(config_->source_file + ": access_log." + error);
    }
  }
  if (config_->admin.enabled) {
    if (config_->admin.tls) {
      std::string error;
      admin_tls_ = make_server_tls_context(*config_->admin.tls, error);
      if (!admin_tls_) errors.push_back(config_->source_file + ": admin.tls: " + error);
    }
    add_admin_routes();
  }
  return errors.size() == before;
}

std::string Server::access_log_format() const {
  return config_->access_log.format.empty() ? std::string(logging::AccessLog::kDefaultFormat) : config_->access_log.format;
}

std::vector<std::shared_ptr<ListenerContext>> Server::make_listener_contexts(const config::Config& config,
                                                                             std::vector<std::string>& errors) {
  std::vector<std::shared_ptr<ListenerContext>> contexts;
  for (const config::ListenerConfig& listener : config.listeners) {
    auto context = std::make_shared<ListenerContext>();
    context->name = listener.name;
    context->settings = settings_of(listener);
    context->settings.system_id = "smppd";
    context->filters = filter::build_filter_chain(config, listener, plugins_, errors);
    context->limiter = std::make_shared<ConnectionLimiter>(listener.max_connections, listener.max_connections_per_ip);
    context->bind_throttle = std::make_shared<BindThrottle>(listener.bind_throttle.attempts_per_second,
                                                            static_cast<double>(listener.bind_throttle.burst));
    context->receivers = &receivers_;
    context->stats = std::make_shared<ListenerStats>(listener.name);
    context->dispatcher = dispatcher_;  // null before open(), which sets it
    if (listener.tls) {
      std::string error;
      context->tls = make_server_tls_context(*listener.tls, error);
      if (!context->tls) errors.push_back(config.source_file + ": listeners." + listener.name + ".tls: " + error);
    }
    if (!listener.allow_unauthenticated && listener.filters.empty()) {
      logging::get("server")->warn("listener {} has no filters and allow_unauthenticated is off: every bind will be refused",
                                   listener.name);
    }
    contexts.push_back(std::move(context));
  }
  return contexts;
}

bool Server::open(std::vector<std::string>& errors) {
  const size_t before = errors.size();
  if (!open_state_store(errors)) return false;
  receipts::ClientDelivery::Settings delivery_settings;
  // Unique per process: a drain lease left by a process that died is never taken for this one's.
  delivery_settings.lease_owner = config_->node.id + "/" + std::to_string(::getpid()) + "/" + receipts::MessageIdGenerator().next();
  delivery_ = std::make_unique<receipts::ClientDelivery>(receivers_, *store_, control_.get_executor(), delivery_settings);
  receivers_.set_bound_listener([this](const std::string& system_id) { delivery_->drain(system_id); });
  receipts::ReceiptTracker::Settings tracker_settings;
  tracker_settings.mappings_pending_elsewhere = [this] { return mappings_pending_on_any_node(); };
  tracker_ = std::make_unique<receipts::ReceiptTracker>(*store_, *delivery_, tracker_settings);
  membership_ = std::make_unique<node::NodeMembership>(*store_, control_.get_executor(),
                                                       node::NodeMembership::Settings{config_->node.id},
                                                       [this] { return node_card(); });
  inbound_ = std::make_unique<proxy::InboundRouter>(*tracker_, *delivery_, mo_router_, router_->cluster_names());
  dispatcher_ = std::make_shared<proxy::ClusterDispatcher>(
      std::make_shared<const proxy::ClusterDispatcher::Routing>(proxy::ClusterDispatcher::Routing{router_, clusters_.get()}),
      *tracker_, message_ids_);
  for (auto& context : contexts_) context->dispatcher = dispatcher_;
  if (!config_->access_log.path.empty()) {
    std::string error;
    access_log_ = logging::AccessLog::open(config_->access_log.path, access_log_format(), error);
    if (!access_log_) {
      errors.push_back(config_->source_file + ": access_log.path: " + error);
      return false;
    }
    dispatcher_->set_access_log(access_log_.get());
  }
  for (size_t i = 0; i < config_->listeners.size(); ++i) {
    const config::ListenerConfig& listener = config_->listeners[i];
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(listener.address, ec);
    auto acceptor = std::make_unique<Listener>(control_, workers_, sessions_, contexts_[i]);
    std::string error;
    const asio::ip::tcp::endpoint endpoint(address, listener.port);
    const int inherited = !ec && inherited_sockets_ ? inherited_sockets_(endpoint) : -1;
    if (ec || !(inherited >= 0 ? acceptor->adopt(endpoint, inherited, error) : acceptor->open(endpoint, error))) {
      errors.push_back(ec ? "listener " + listener.name + ": bad address " + listener.address : error);
      continue;
    }
    listeners_.push_back(std::move(acceptor));
  }
  if (config_->admin.enabled) open_admin(errors);
  return errors.size() == before;
}

void Server::open_admin(std::vector<std::string>& errors) {
  boost::system::error_code ec;
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(config_->admin.address, ec), config_->admin.port);
  if (ec) {
    errors.push_back(config_->source_file + ": admin.address: bad address " + config_->admin.address);
    return;
  }
  admin_ = std::make_unique<admin::AdminServer>(control_, admin_routes_, admin::AdminServer::Settings{config_->admin.token, admin_tls_});
  std::string error;
  const int inherited = inherited_sockets_ ? inherited_sockets_(endpoint) : -1;
  if (!(inherited >= 0 ? admin_->adopt(inherited, error) : admin_->open(endpoint, error))) {
    errors.push_back(error);
    admin_.reset();
  }
}

asio::ip::tcp::endpoint Server::admin_endpoint() const { return admin_ ? admin_->local_endpoint() : asio::ip::tcp::endpoint{}; }

std::vector<asio::ip::tcp::endpoint> Server::endpoints() const {
  std::vector<asio::ip::tcp::endpoint> result;
  for (const auto& listener : listeners_) result.push_back(listener->local_endpoint());
  return result;
}

void Server::inherit_listening_sockets(std::function<int(const asio::ip::tcp::endpoint&)> source) {
  inherited_sockets_ = std::move(source);
}

void Server::on_accepting(std::function<void()> callback) { on_accepting_ = std::move(callback); }

int Server::listening_socket(const asio::ip::tcp::endpoint& endpoint) {
  for (const auto& listener : listeners_) {
    if (listener->local_endpoint() == endpoint) return listener->native_handle();
  }
  if (admin_ && admin_->local_endpoint() == endpoint) return admin_->native_handle();
  return -1;
}

void Server::run() {
  workers_.start();
  clusters_->start(*inbound_);
  delivery_->start();
  tracker_->start(control_.get_executor());
  membership_->start();
  if (admin_) {
    admin_->start();
    const auto endpoint = admin_->local_endpoint();
    logging::get("server")->info("admin API on http{}://{}:{}", admin_tls_ ? "s" : "", endpoint.address().to_string(),
                                 endpoint.port());
  }
  asio::co_spawn(control_, warm_then_listen(), log_exceptions("warming"));

  if (config_->reload.watch) asio::co_spawn(control_, watch_config_file(), log_exceptions("config file watch"));

  asio::signal_set signals(control_, SIGINT, SIGTERM, SIGUSR1);
  signals.add(SIGHUP);
  std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    if (signal == SIGUSR1) {
      // logrotate moved the log file away: write to a new one under the configured name.
      std::string error;
      if (!logging::reopen(error)) logging::get("server")->error("SIGUSR1: cannot reopen the log file: {}", error);
      signals.async_wait(on_signal);
      return;
    }
    if (signal == SIGHUP) {
      asio::co_spawn(control_, reload("SIGHUP"), [](std::exception_ptr, ReloadOutcome) {});
      signals.async_wait(on_signal);
      return;
    }
    if (draining_) {
      logging::get("server")->warn("signal {} while draining: stopping now", signal);
      workers_.stop(true);
      control_.stop();
      return;
    }
    logging::get("server")->info("signal {}: draining for up to {} s", signal, options_.drain_time.count());
    drain_then_stop();
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);
  control_.run();
}

// The clusters some route sends to (a weighted route's clusters of weight 0 never get traffic).
std::vector<uint32_t> Server::routed_clusters(const config::Config& config) {
  std::set<std::string> names;
  for (const config::RouteConfig& route : config.routes) {
    if (const auto* to_cluster = std::get_if<config::RouteToCluster>(&route.action)) names.insert(to_cluster->cluster);
    if (const auto* weighted = std::get_if<config::RouteToWeightedClusters>(&route.action)) {
      for (const config::WeightedCluster& cluster : weighted->clusters) {
        if (cluster.weight > 0) names.insert(cluster.cluster);
      }
    }
  }
  std::vector<uint32_t> indices;
  for (uint32_t i = 0; i < config.clusters.size(); ++i) {
    if (names.contains(config.clusters[i].name)) indices.push_back(i);
  }
  return indices;
}

asio::awaitable<void> Server::warm_then_listen() {
  // Clients bind once their messages can go somewhere: every cluster a route sends to has a bound
  // bind, or the listener's warm timeout passed (then they get the clusters' "no bind" answer).
  const std::vector<uint32_t> routed = routed_clusters(*config_);
  const auto started_at = std::chrono::steady_clock::now();
  std::vector<bool> accepting(listeners_.size(), false);
  asio::steady_timer timer(control_);
  for (;;) {
    if (draining_) co_return;
    const bool warm = clusters_->warm(routed);
    const auto waited = std::chrono::steady_clock::now() - started_at;
    bool all = true;
    for (size_t i = 0; i < listeners_.size(); ++i) {
      if (accepting[i]) continue;
      const std::chrono::milliseconds timeout = config_->listeners[i].warm_timeout;
      if (warm || waited >= timeout) {
        if (!warm) {
          logging::get("server")->warn("listener {}: clusters not all bound after {} ms; accepting binds anyway",
                                       config_->listeners[i].name, timeout.count());
        }
        listeners_[i]->start();
        accepting[i] = true;
      }
      all = all && accepting[i];
    }
    if (all) {
      live_ = true;
      systemd::notify_ready();
      if (on_accepting_) on_accepting_();
      co_return;
    }
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

void Server::shutdown() {
  asio::post(control_, [this] {
    if (!draining_) drain_then_stop();
  });
}

void Server::drain_then_stop() {
  draining_ = true;
  stop_shared_state_work();
  systemd::notify_stopping();
  drain_listeners(true);
  asio::co_spawn(control_, wait_for_sessions_then_stop(), log_exceptions("drain"));
}

void Server::drain_listeners(bool graceful) {
  for (auto& listener : listeners_) listener->stop();
  if (graceful) drain_sessions();
}

void Server::drain_sessions() {
  for (size_t worker = 0; worker < workers_.size(); ++worker) {
    asio::post(workers_.context(worker), [&sessions = sessions_[worker]] {
      // drain() may close a session at once, which removes it from the set: walk a copy.
      for (ServerSession* session : std::vector(sessions.begin(), sessions.end())) session->drain();
    });
  }
}

asio::awaitable<void> Server::wait_for_sessions_then_stop() {
  asio::steady_timer timer(control_);
  const auto give_up = std::chrono::steady_clock::now() + options_.drain_time;
  auto active = [this] {
    int64_t sum = 0;
    for (const auto& context : contexts_) sum += context->stats->downstream_cx_active.get();
    return sum;
  };
  while (active() > 0 && std::chrono::steady_clock::now() < give_up) {
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(asio::use_awaitable);
  }
  if (const int64_t left = active(); left > 0) {
    logging::get("server")->warn("drain time is up with {} sessions left: closing them", left);
    for (size_t worker = 0; worker < workers_.size(); ++worker) {
      asio::post(workers_.context(worker), [&sessions = sessions_[worker]] {
        for (ServerSession* session : std::vector(sessions.begin(), sessions.end())) session->close("shutting down");
      });
    }
    // The closes run on the workers; give them a moment before everything stops.
    timer.expires_after(std::chrono::milliseconds(100));
    co_await timer.async_wait(asio::use_awaitable);
  }
  // Upstream binds go last: the sessions' requests in flight needed them.
  clusters_->stop();
  timer.expires_after(std::chrono::milliseconds(200));
  co_await timer.async_wait(asio::use_awaitable);
  workers_.stop(true);
  if (admin_) admin_->stop();
  control_.stop();
}

}  // namespace smppd::server
