#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/value.hpp>

#include "host/admin/admin_routes.h"
#include "host/admin/admin_server.h"
#include "host/config/config.h"
#include "host/node/node_membership.h"
#include "host/plugin/plugin_registry.h"
#include "host/proxy/cluster_dispatcher.h"
#include "host/proxy/inbound_router.h"
#include "host/receipts/client_delivery.h"
#include "host/receipts/client_registry.h"
#include "host/receipts/message_id_generator.h"
#include "host/receipts/receipt_tracker.h"
#include "host/router/mo_router.h"
#include "host/router/router.h"
#include "host/server/listener.h"
#include "host/server/worker_pool.h"
#include "host/state/deferred_state_store.h"
#include "host/state/state_store.h"
#include "host/upstream/cluster_manager.h"

namespace smppd::server {

struct ServerOptions {
  size_t workers = 1;
  std::chrono::seconds drain_time{30};
  uint32_t base_id = 0;        // shown by /server_info
  uint32_t restart_epoch = 0;
};

// The serving process: workers, listeners and what their sessions share, made from one config
// and the loaded plugins.
class Server {
 public:
  Server(std::shared_ptr<const config::Config> config, const plugin::PluginRegistry& plugins, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Makes every listener's filter chain and TLS context, the routers and the clusters' plugin
  // configs, and checks the state store's backend and table, without opening a socket or a file
  // (what `--mode validate` checks). False with every reason appended to `errors`.
  bool build(std::vector<std::string>& errors);
  // Opens the state store and binds every listener. False with the reasons when a file or an
  // address cannot be had.
  bool open(std::vector<std::string>& errors);
  // Serves until SIGTERM or SIGINT, then drains: stops accepting, lets requests in flight get
  // their resps, unbinds the sessions, and returns once they are gone or the drain time is up.
  void run();
  // Asks run() to drain and return (thread-safe).
  void shutdown();
  // Stops accepting on every listener; `graceful` also drains the bound sessions (control thread).
  void drain_listeners(bool graceful);

  struct ReloadOutcome {
    bool ok = false;
    std::string error;  // every reason, one per line
  };
  // Control thread: reads the config file again and, when it is valid, swaps routes, clusters and
  // listeners (docs/operations.md); when it is not, keeps serving the running one. `trigger` says
  // why ("SIGHUP", "file change", "admin") in the log.
  boost::asio::awaitable<ReloadOutcome> reload(std::string trigger);

  // The admin API's routes: plugins and hot restart add theirs before run().
  admin::AdminRoutes& admin_routes() { return admin_routes_; }
  // The admin server's address once open() bound it (port 0 in the config: a free one).
  boost::asio::ip::tcp::endpoint admin_endpoint() const;

  std::vector<boost::asio::ip::tcp::endpoint> endpoints() const;

  // Hot restart (host/restart). Before open(): where listening sockets of the process before this
  // one come from; open() adopts the descriptor it answers for an endpoint (-1: bind anew).
  void inherit_listening_sockets(std::function<int(const boost::asio::ip::tcp::endpoint&)> source);
  // Before run(): called on the control thread once every listener accepts.
  void on_accepting(std::function<void()> callback);
  // The listening socket bound to `endpoint`, or -1 (control thread).
  int listening_socket(const boost::asio::ip::tcp::endpoint& endpoint);
  boost::asio::io_context& control_context() { return control_; }
  // Before open(): the process before this one holds the state store's files until it has drained
  // (RocksDB admits one process). open() serves with a store whose calls wait, in order and up to
  // 100,000 of them, for attach_state_store().
  void defer_state_store();
  // Once the process before has released the store: opens it and hands it the waiting calls, off
  // the control thread, trying again for a few seconds while its files are still locked; then
  // logs an error and answers the waiting calls and all later ones `unavailable`. Once.
  void attach_state_store();
  // After run(): finishes the state store's calls and closes it, freeing its files for the next
  // process.
  void release_state_store();

 private:
  void drain_then_stop();
  void drain_sessions();
  void open_admin(std::vector<std::string>& errors);
  void add_admin_routes();
  std::string readiness() const;
  boost::json::value clusters_json() const;
  boost::json::value listeners_json() const;
  boost::json::value plugins_json() const;
  // This node's card for the others (host/node): sessions, receivers and load.
  boost::json::object node_card();
  // Whether a node's card says it holds id mappings the shared store has not got (or the cards
  // cannot be read): a receipt unmatched after its hold waits for them (receipt_tracker.h).
  boost::asio::awaitable<bool> mappings_pending_on_any_node();
  boost::json::object shared_state_json() const;
  void add_node_routes(admin::AdminRoutes& routes);
  void stop_shared_state_work();
  boost::asio::awaitable<boost::json::value> sessions_json();
  boost::asio::awaitable<bool> unbind_session(uint64_t session_id);
  upstream::Endpoint* find_endpoint(const std::string& cluster, const std::string& endpoint);
  boost::asio::awaitable<void> warm_then_listen();
  static std::vector<uint32_t> routed_clusters(const config::Config& config);
  std::string access_log_format() const;
  std::vector<std::shared_ptr<ListenerContext>> make_listener_contexts(const config::Config& config,
                                                                       std::vector<std::string>& errors);
  boost::asio::awaitable<ReloadOutcome> reload_from_file();
  void swap_listeners(const config::Config& next, std::vector<std::shared_ptr<ListenerContext>> contexts);
  void drain_sessions_of(const std::string& listener);
  boost::asio::awaitable<void> retire_generations();
  boost::asio::awaitable<void> watch_config_file();
  boost::asio::awaitable<void> wait_for_sessions_then_stop();
  // A plugin offers the store [state] names and its table passes the schema; false with the reasons.
  bool check_state_store(std::vector<std::string>& errors) const;
  // The store [state] names, or the deferred one; false with the reason appended.
  bool open_state_store(std::vector<std::string>& errors);
  void attach_state_store_when_free();  // on state_opener_

  std::shared_ptr<const config::Config> config_;
  const plugin::PluginRegistry& plugins_;
  ServerOptions options_;
  // Declared so that they are destroyed in a safe order: work still queued on the control context
  // holds sockets of the workers' contexts, and work on the workers holds sessions that leave
  // their worker's session set when destroyed.
  // What sessions and binds on the workers refer to outlives the workers' queued work.
  WorkerSessions sessions_;
  std::unique_ptr<state::StateStore> store_;
  receipts::ClientRegistry receivers_;
  std::unique_ptr<receipts::ClientDelivery> delivery_;
  std::unique_ptr<receipts::ReceiptTracker> tracker_;
  std::unique_ptr<node::NodeMembership> membership_;
  receipts::MessageIdGenerator message_ids_;
  std::shared_ptr<const router::Router> router_;
  std::shared_ptr<const router::MoRouter> mo_router_;
  std::unique_ptr<upstream::ClusterManager> clusters_;
  std::unique_ptr<proxy::InboundRouter> inbound_;
  std::unique_ptr<logging::AccessLog> access_log_;  // before the dispatcher that writes to it
  std::shared_ptr<proxy::ClusterDispatcher> dispatcher_;
  WorkerPool workers_;
  boost::asio::io_context control_;
  std::vector<std::shared_ptr<ListenerContext>> contexts_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  // Listeners a reload removed: their accept loops may still wake up once (control thread).
  std::vector<std::unique_ptr<Listener>> closed_listeners_;
  // Clusters of configs a reload replaced, with the config they refer to: those not carried into
  // the next generation are stopped once no request holds their routing any more; the manager is
  // destroyed once their binds and health checks have ended (carried ones live on in the next).
  struct RetiredGeneration {
    std::weak_ptr<const proxy::ClusterDispatcher::Routing> routing;
    std::unique_ptr<upstream::ClusterManager> clusters;
    std::shared_ptr<const config::Config> config;
    std::chrono::steady_clock::time_point retired_at;
    bool stopped = false;
  };
  std::vector<RetiredGeneration> retired_;
  bool retiring_ = false;  // retire_generations() runs
  bool reloading_ = false;
  bool draining_ = false;
  bool live_ = false;  // every listener accepts
  bool healthcheck_failed_ = false;
  // mappings_pending_on_any_node()'s last reading of the cards (any worker asks).
  std::atomic<int64_t> unsaved_checked_ms_{std::numeric_limits<int64_t>::min() / 2};
  std::atomic<bool> unsaved_anywhere_{false};
  // node_card()'s load: requests counted at the last heartbeat.
  int64_t card_requests_ = 0;
  std::chrono::steady_clock::time_point card_at_ = std::chrono::steady_clock::now();
  const std::chrono::steady_clock::time_point started_at_ = std::chrono::steady_clock::now();
  boost::json::value last_reload_;  // /config_dump's last_reload: null until a reload is tried
  admin::AdminRoutes admin_routes_;
  std::shared_ptr<boost::asio::ssl::context> admin_tls_;
  std::unique_ptr<admin::AdminServer> admin_;
  std::function<int(const boost::asio::ip::tcp::endpoint&)> inherited_sockets_;
  std::function<void()> on_accepting_;
  bool state_store_deferred_ = false;
  state::DeferredStateStore* deferred_store_ = nullptr;  // store_, when deferred
  std::atomic<bool> releasing_state_store_{false};
  std::thread state_opener_;
};

}  // namespace smppd::server
