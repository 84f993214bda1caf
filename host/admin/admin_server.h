#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "host/admin/admin_routes.h"

namespace smppd::admin {

// The admin HTTP/1.1 server (Boost.Beast) on the control thread: reads one bounded request at a
// time per connection (keep-alive), checks the bearer token when one is set, and hands the
// request to the routes. Slow or idle connections are closed after a timeout.
class AdminServer {
 public:
  struct Settings {
    std::string token;  // empty: no token asked for
    std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  };

  AdminServer(boost::asio::io_context& control, const AdminRoutes& routes, Settings settings);
  ~AdminServer();

  // Binds and listens; false with `error` set when the address cannot be had.
  bool open(const boost::asio::ip::tcp::endpoint& endpoint, std::string& error);
  // Takes a socket that already listens (handed over by the previous process at a hot restart).
  bool adopt(int listening_fd, std::string& error);
  void start();
  void stop();

  boost::asio::ip::tcp::endpoint local_endpoint() const;
  int native_handle() { return acceptor_.native_handle(); }

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& control_;
  const AdminRoutes& routes_;
  Settings settings_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<bool> stopped_ = std::make_shared<bool>(false);
};

}  // namespace smppd::admin
