#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace smppd::testing {

// A stand-in for smppd's admin API on 127.0.0.1 (a free port), on a thread of its own: it answers
// canned bodies by path and records every request, so that a test can check what smppctl sent.
class FakeAdminServer {
 public:
  struct Answer {
    unsigned status = 200;
    std::string body;
    std::string content_type = "application/json";
  };
  struct Request {
    std::string method;  // "GET", "POST"
    std::string target;  // path and query as sent
    std::string authorization;
    std::string content_length;  // the header as sent, empty when absent
  };

  FakeAdminServer();
  ~FakeAdminServer();
  FakeAdminServer(const FakeAdminServer&) = delete;
  FakeAdminServer& operator=(const FakeAdminServer&) = delete;

  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // What a path (without its query) answers; others get 404. Set before the requests come.
  void answer(const std::string& path, Answer answer);
  std::vector<Request> requests() const;

 private:
  boost::asio::awaitable<void> accept_loop();
  void serve_one(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, Answer> answers_;
  std::vector<Request> requests_;
  std::thread thread_;
};

}  // namespace smppd::testing
