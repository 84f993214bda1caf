#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "host/server/listener_context.h"
#include "host/server/worker_pool.h"

namespace smppd::server {

class ServerSession;

// The sessions living on each worker, each set touched only on its own worker.
using WorkerSessions = std::vector<std::unordered_set<ServerSession*>>;

// One listening socket. Accepts on the control thread, admits or refuses each connection
// (connection limits), and hands it to a worker where its session lives from then on.
class Listener {
 public:
  Listener(boost::asio::io_context& control, WorkerPool& workers, WorkerSessions& sessions,
           std::shared_ptr<ListenerContext> context);

  // Binds; false with `error` set when the address cannot be had.
  bool open(const boost::asio::ip::tcp::endpoint& endpoint, std::string& error);
  // Takes over `descriptor`, a socket bound (and maybe listening) on `endpoint` by the process
  // before this one (hot restart), instead of binding: its queue of connections carries over.
  bool adopt(const boost::asio::ip::tcp::endpoint& endpoint, int descriptor, std::string& error);
  // The listening socket, for a hot restart's successor to copy.
  int native_handle() { return acceptor_.native_handle(); }
  // Listens and accepts (warming decides when).
  void start();
  // Stops accepting; sessions already made go on.
  void stop();

  boost::asio::ip::tcp::endpoint local_endpoint() const;
  const std::string& name() const { return context_->name; }
  bool accepting() const { return started_ && !stopped_; }
  const ListenerContext& context() const { return *context_; }
  std::shared_ptr<ListenerContext> shared_context() const { return context_; }
  // Control thread: sessions accepted from now on share `context` (a reload's new filters and
  // settings); those already made keep theirs.
  void set_context(std::shared_ptr<ListenerContext> context) { context_ = std::move(context); }

 private:
  boost::asio::awaitable<void> accept_loop();
  void admit(boost::asio::ip::tcp::socket socket, size_t worker);

  boost::asio::io_context& control_;
  WorkerPool& workers_;
  WorkerSessions& sessions_;
  std::shared_ptr<ListenerContext> context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace smppd::server
