#include "tests/tools/fake_admin_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <exception>
#include <utility>

namespace smppd::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

FakeAdminServer::FakeAdminServer() : acceptor_(context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  // The loop only ends when the destructor stops the context; nothing to report then.
  asio::co_spawn(context_, accept_loop(), [](const std::exception_ptr&) {});
  thread_ = std::thread([this] { context_.run(); });
}

FakeAdminServer::~FakeAdminServer() {
  context_.stop();
  thread_.join();
}

asio::awaitable<void> FakeAdminServer::accept_loop() {
  // One connection at a time is all smppctl makes.
  for (;;) {
    tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
    serve_one(std::move(socket));
  }
}

void FakeAdminServer::answer(const std::string& path, Answer answer) {
  const std::lock_guard lock(mutex_);
  answers_[path] = std::move(answer);
}

std::vector<FakeAdminServer::Request> FakeAdminServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

void FakeAdminServer::serve_one(tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> request;
  boost::system::error_code error;
  http::read(socket, buffer, request, error);
  if (error) return;
  const std::string target(request.target());
  const std::string path = target.substr(0, target.find('?'));
  Answer answer{404, "not found\n", "text/plain"};
  {
    const std::lock_guard lock(mutex_);
    requests_.push_back({std::string(request.method_string()), target, std::string(request[http::field::authorization]),
                         std::string(request[http::field::content_length])});
    if (auto found = answers_.find(path); found != answers_.end()) answer = found->second;
  }
  http::response<http::string_body> response(static_cast<http::status>(answer.status), 11);
  response.set(http::field::content_type, answer.content_type);
  if (answer.status == 401) response.set(http::field::www_authenticate, "Bearer");
  response.body() = answer.body;
  response.prepare_payload();
  response.keep_alive(false);
  http::write(socket, response, error);
  socket.shutdown(tcp::socket::shutdown_both, error);
}

}  // namespace smppd::testing
