#include "host/server/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <set>
#include <variant>

#include "host/filter/filter_chain_builder.h"
#include "host/logging/logging.h"
#include "host/state/state_store_factory.h"
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

Server::Server(const config::Config& config, const plugin::PluginRegistry& plugins, ServerOptions options)
    : config_(config), plugins_(plugins), options_(options), sessions_(options.workers), workers_(options.workers) {}

Server::~Server() {
  listeners_.clear();
  if (clusters_) clusters_->stop();
  workers_.stop(true);
  if (clusters_) clusters_->release_binds();
  // The store's last completions go to the workers' queues, which still exist until workers_ is
  // destroyed; nothing runs them any more.
  if (store_) store_->close();
}

bool Server::build(std::vector<std::string>& errors) {
  const size_t before = errors.size();
  router_ = router::build_router(config_, errors);
  mo_router_ = router::build_mo_router(config_, errors);
  clusters_ = std::make_unique<upstream::ClusterManager>(config_, plugins_, workers_, control_);
  clusters_->build(errors);
  for (const config::ListenerConfig& listener : config_.listeners) {
    auto context = std::make_shared<ListenerContext>();
    context->name = listener.name;
    context->settings = settings_of(listener);
    context->settings.system_id = "smppd";
    context->filters = filter::build_filter_chain(config_, listener, plugins_, errors);
    context->limiter = std::make_shared<ConnectionLimiter>(listener.max_connections, listener.max_connections_per_ip);
    context->bind_throttle = std::make_shared<BindThrottle>(listener.bind_throttle.attempts_per_second,
                                                            static_cast<double>(listener.bind_throttle.burst));
    context->receivers = &receivers_;
    context->stats = std::make_shared<ListenerStats>(listener.name);
    if (listener.tls) {
      std::string error;
      context->tls = make_server_tls_context(*listener.tls, error);
      if (!context->tls) errors.push_back(config_.source_file + ": listeners." + listener.name + ".tls: " + error);
    }
    if (!listener.allow_unauthenticated && listener.filters.empty()) {
      logging::get("server")->warn("listener {} has no filters and allow_unauthenticated is off: every bind will be refused",
                                   listener.name);
    }
    contexts_.push_back(std::move(context));
  }
  return errors.size() == before;
}

bool Server::open(std::vector<std::string>& errors) {
  const size_t before = errors.size();
  state::OpenedStateStore opened = state::open_state_store(config_.state);
  if (!opened.store) {
    errors.push_back(config_.source_file + ": state: " + opened.error);
    return false;
  }
  store_ = std::move(opened.store);
  delivery_ = std::make_unique<receipts::ClientDelivery>(receivers_, *store_, control_.get_executor(),
                                                         receipts::ClientDelivery::Settings{});
  receivers_.set_bound_listener([this](const std::string& system_id) { delivery_->drain(system_id); });
  tracker_ = std::make_unique<receipts::ReceiptTracker>(*store_, *delivery_, receipts::ReceiptTracker::Settings{});
  inbound_ = std::make_unique<proxy::InboundRouter>(*tracker_, *delivery_, mo_router_, router_->cluster_names());
  dispatcher_ = std::make_shared<proxy::ClusterDispatcher>(router_, *clusters_, *tracker_, message_ids_);
  for (auto& context : contexts_) context->dispatcher = dispatcher_;
  for (size_t i = 0; i < config_.listeners.size(); ++i) {
    const config::ListenerConfig& listener = config_.listeners[i];
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(listener.address, ec);
    auto acceptor = std::make_unique<Listener>(control_, workers_, sessions_, contexts_[i]);
    std::string error;
    if (ec || !acceptor->open({address, listener.port}, error)) {
      errors.push_back(ec ? "listener " + listener.name + ": bad address " + listener.address : error);
      continue;
    }
    listeners_.push_back(std::move(acceptor));
  }
  return errors.size() == before;
}

std::vector<asio::ip::tcp::endpoint> Server::endpoints() const {
  std::vector<asio::ip::tcp::endpoint> result;
  for (const auto& listener : listeners_) result.push_back(listener->local_endpoint());
  return result;
}

void Server::run() {
  workers_.start();
  clusters_->start(*inbound_);
  asio::co_spawn(control_, warm_then_listen(), log_exceptions("warming"));

  asio::signal_set signals(control_, SIGINT, SIGTERM);
  std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
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
std::vector<uint32_t> Server::routed_clusters() const {
  std::set<std::string> names;
  for (const config::RouteConfig& route : config_.routes) {
    if (const auto* to_cluster = std::get_if<config::RouteToCluster>(&route.action)) names.insert(to_cluster->cluster);
    if (const auto* weighted = std::get_if<config::RouteToWeightedClusters>(&route.action)) {
      for (const config::WeightedCluster& cluster : weighted->clusters) {
        if (cluster.weight > 0) names.insert(cluster.cluster);
      }
    }
  }
  std::vector<uint32_t> indices;
  for (uint32_t i = 0; i < config_.clusters.size(); ++i) {
    if (names.contains(config_.clusters[i].name)) indices.push_back(i);
  }
  return indices;
}

asio::awaitable<void> Server::warm_then_listen() {
  // Clients bind once their messages can go somewhere: every cluster a route sends to has a bound
  // bind, or the listener's warm timeout passed (then they get the clusters' "no bind" answer).
  const std::vector<uint32_t> routed = routed_clusters();
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
      const std::chrono::milliseconds timeout = config_.listeners[i].warm_timeout;
      if (warm || waited >= timeout) {
        if (!warm) {
          logging::get("server")->warn("listener {}: clusters not all bound after {} ms; accepting binds anyway",
                                       config_.listeners[i].name, timeout.count());
        }
        listeners_[i]->start();
        accepting[i] = true;
      }
      all = all && accepting[i];
    }
    if (all) co_return;
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
  for (auto& listener : listeners_) listener->stop();
  for (size_t worker = 0; worker < workers_.size(); ++worker) {
    asio::post(workers_.context(worker), [&sessions = sessions_[worker]] {
      // drain() may close a session at once, which removes it from the set: walk a copy.
      for (ServerSession* session : std::vector(sessions.begin(), sessions.end())) session->drain();
    });
  }
  asio::co_spawn(control_, wait_for_sessions_then_stop(), log_exceptions("drain"));
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
  control_.stop();
}

}  // namespace smppd::server
