#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "host/config/config.h"
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
#include "host/state/state_store.h"
#include "host/upstream/cluster_manager.h"

namespace smppd::server {

struct ServerOptions {
  size_t workers = 1;
  std::chrono::seconds drain_time{30};
};

// The serving process: workers, listeners and what their sessions share, made from one config
// and the loaded plugins.
class Server {
 public:
  Server(const config::Config& config, const plugin::PluginRegistry& plugins, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Makes every listener's filter chain and TLS context, the routers and the clusters' plugin
  // configs, without opening a socket or a file (what `--mode validate` checks). False with
  // every reason appended to `errors`.
  bool build(std::vector<std::string>& errors);
  // Opens the state store and binds every listener. False with the reasons when a file or an
  // address cannot be had.
  bool open(std::vector<std::string>& errors);
  // Serves until SIGTERM or SIGINT, then drains: stops accepting, lets requests in flight get
  // their resps, unbinds the sessions, and returns once they are gone or the drain time is up.
  void run();
  // Asks run() to drain and return (thread-safe).
  void shutdown();

  std::vector<boost::asio::ip::tcp::endpoint> endpoints() const;

 private:
  void drain_then_stop();
  boost::asio::awaitable<void> warm_then_listen();
  std::vector<uint32_t> routed_clusters() const;
  boost::asio::awaitable<void> wait_for_sessions_then_stop();

  const config::Config& config_;
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
  receipts::MessageIdGenerator message_ids_;
  std::shared_ptr<const router::Router> router_;
  std::shared_ptr<const router::MoRouter> mo_router_;
  std::unique_ptr<upstream::ClusterManager> clusters_;
  std::unique_ptr<proxy::InboundRouter> inbound_;
  std::shared_ptr<proxy::ClusterDispatcher> dispatcher_;
  WorkerPool workers_;
  boost::asio::io_context control_;
  std::vector<std::shared_ptr<ListenerContext>> contexts_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  bool draining_ = false;
};

}  // namespace smppd::server
