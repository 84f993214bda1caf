#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

namespace smppd::server {

using ReadResult = std::pair<boost::system::error_code, size_t>;

// A session's byte stream, plain TCP or TLS, so the SMPP session is written once for both.
class Transport {
 public:
  virtual ~Transport() = default;
  // TLS: the server handshake. Plain TCP: nothing.
  virtual boost::asio::awaitable<boost::system::error_code> handshake() = 0;
  virtual boost::asio::awaitable<ReadResult> read_some(boost::asio::mutable_buffer buffer) = 0;
  virtual boost::asio::awaitable<boost::system::error_code> write(boost::asio::const_buffer buffer) = 0;
  // Ends the connection at once; pending reads and writes complete with an error.
  virtual void close() = 0;
  virtual bool tls() const = 0;
};

std::unique_ptr<Transport> make_tcp_transport(boost::asio::ip::tcp::socket socket);
std::unique_ptr<Transport> make_tls_transport(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& context);
// The client side, towards an SMSC: sends `server_name` as SNI and, when the context verifies
// peers, checks the certificate against it.
std::unique_ptr<Transport> make_tls_client_transport(boost::asio::ip::tcp::socket socket,
                                                     boost::asio::ssl::context& context, const std::string& server_name);

}  // namespace smppd::server
