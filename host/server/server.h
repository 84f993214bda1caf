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
#include "host/server/listener.h"
#include "host/server/worker_pool.h"

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

  // Makes every listener's filter chain and TLS context without opening a socket (what
  // `--mode validate` checks). False with every reason appended to `errors`.
  bool build(std::vector<std::string>& errors);
  // Binds every listener. False with the reasons when an address cannot be had.
  bool open(std::vector<std::string>& errors);
  // Serves until SIGTERM or SIGINT, then drains: stops accepting, lets requests in flight get
  // their resps, unbinds the sessions, and returns once they are gone or the drain time is up.
  void run();
  // Asks run() to drain and return (thread-safe).
  void shutdown();

  std::vector<boost::asio::ip::tcp::endpoint> endpoints() const;

 private:
  void drain_then_stop();
  boost::asio::awaitable<void> wait_for_sessions_then_stop();

  const config::Config& config_;
  const plugin::PluginRegistry& plugins_;
  ServerOptions options_;
  // Declared so that they are destroyed in a safe order: work still queued on the control context
  // holds sockets of the workers' contexts, and work on the workers holds sessions that leave
  // their worker's session set when destroyed.
  WorkerSessions sessions_;
  WorkerPool workers_;
  boost::asio::io_context control_;
  std::vector<std::shared_ptr<ListenerContext>> contexts_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  bool draining_ = false;
};

}  // namespace smppd::server
