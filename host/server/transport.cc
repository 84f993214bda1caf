#include "host/server/transport.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "host/async/no_throw.h"

namespace smppd::server {
namespace {

namespace asio = boost::asio;
using smppd::async::kNoThrow;

void close_socket(asio::ip::tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {
    boost::system::error_code ignored;  // a socket already reset by the peer fails here; reads will say so
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  }
  asio::awaitable<boost::system::error_code> handshake() override { co_return boost::system::error_code{}; }
  asio::awaitable<ReadResult> read_some(asio::mutable_buffer buffer) override {
    auto [ec, n] = co_await socket_.async_read_some(buffer, kNoThrow);
    co_return ReadResult{ec, n};
  }
  asio::awaitable<boost::system::error_code> write(asio::const_buffer buffer) override {
    auto [ec, n] = co_await asio::async_write(socket_, buffer, kNoThrow);
    (void)n;
    co_return ec;
  }
  void close() override { close_socket(socket_); }
  bool tls() const override { return false; }

 private:
  asio::ip::tcp::socket socket_;
};

class TlsTransport final : public Transport {
 public:
  TlsTransport(asio::ip::tcp::socket socket, asio::ssl::context& context, asio::ssl::stream_base::handshake_type side,
               const std::string& server_name = {})
      : stream_(std::move(socket), context), side_(side) {
    boost::system::error_code ignored;
    stream_.next_layer().set_option(asio::ip::tcp::no_delay(true), ignored);
    if (side == asio::ssl::stream_base::client && !server_name.empty()) {
      SSL_set_tlsext_host_name(stream_.native_handle(), server_name.c_str());
      stream_.set_verify_callback(asio::ssl::host_name_verification(server_name), ignored);
    }
  }
  asio::awaitable<boost::system::error_code> handshake() override {
    auto [ec] = co_await stream_.async_handshake(side_, kNoThrow);
    co_return ec;
  }
  asio::awaitable<ReadResult> read_some(asio::mutable_buffer buffer) override {
    auto [ec, n] = co_await stream_.async_read_some(buffer, kNoThrow);
    co_return ReadResult{ec, n};
  }
  asio::awaitable<boost::system::error_code> write(asio::const_buffer buffer) override {
    auto [ec, n] = co_await asio::async_write(stream_, buffer, kNoThrow);
    (void)n;
    co_return ec;
  }
  // No close_notify: the session has already said unbind, and a peer that stopped reading must
  // not hold the close up.
  void close() override { close_socket(stream_.next_layer()); }
  bool tls() const override { return true; }

 private:
  asio::ssl::stream<asio::ip::tcp::socket> stream_;
  asio::ssl::stream_base::handshake_type side_;
};

}  // namespace

std::unique_ptr<Transport> make_tcp_transport(asio::ip::tcp::socket socket) {
  return std::make_unique<TcpTransport>(std::move(socket));
}

std::unique_ptr<Transport> make_tls_transport(asio::ip::tcp::socket socket, asio::ssl::context& context) {
  return std::make_unique<TlsTransport>(std::move(socket), context, asio::ssl::stream_base::server);
}

std::unique_ptr<Transport> make_tls_client_transport(asio::ip::tcp::socket socket, asio::ssl::context& context,
                                                     const std::string& server_name) {
  return std::make_unique<TlsTransport>(std::move(socket), context, asio::ssl::stream_base::client, server_name);
}

}  // namespace smppd::server
