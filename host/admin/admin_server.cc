#include "host/admin/admin_server.h"

#include <openssl/crypto.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include "host/async/no_throw.h"
#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"

namespace smppd::admin {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr uint32_t kHeaderLimit = 8 * 1024;
constexpr uint64_t kBodyLimit = 64 * 1024;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

Method method_of(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::get;
    case http::verb::post:
      return Method::post;
    default:
      return Method::other;
  }
}

// The request target as path and query; false when it is not an origin-form target ("/x?y").
bool parse_target(std::string_view target, AdminRequest& request) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  request.path = std::string(parsed->path());
  request.raw_query = std::string(parsed->encoded_query());
  for (const auto& param : parsed->params()) request.query[param.key] = param.value;
  return true;
}

bool token_matches(const HttpRequest& request, const std::string& token) {
  const auto header = request[http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() != kScheme.size() + token.size() || !header.starts_with(kScheme)) return false;
  // Constant time: the answer's timing must not tell how much of a guess was right.
  return CRYPTO_memcmp(header.data() + kScheme.size(), token.data(), token.size()) == 0;
}

HttpResponse to_http(const AdminResponse& answer, unsigned version, bool keep_alive) {
  HttpResponse response{static_cast<http::status>(answer.status), version};
  response.set(http::field::server, "smppd");
  response.set(http::field::content_type, answer.content_type);
  response.set(http::field::cache_control, "no-cache, no-store");
  for (const auto& [name, value] : answer.headers) response.set(name, value);
  response.body() = answer.body;
  response.keep_alive(keep_alive);
  response.prepare_payload();
  return response;
}

// "192.0.2.1:53124", "[2001:db8::1]:53124"; empty when the socket no longer knows.
std::string peer_of(const asio::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  const asio::ip::tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return {};
  const std::string address = remote.address().to_string();
  return (remote.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(remote.port());
}

asio::awaitable<AdminResponse> answer(const HttpRequest& http_request, const AdminRoutes& routes, const std::string& token,
                                      const std::string& peer) {
  // /ready stays open: load balancers probe it without credentials, and it tells only the state.
  if (!token.empty() && http_request.target() != "/ready" && !token_matches(http_request, token)) {
    AdminResponse response = error_response(401, "a bearer token is required");
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
    co_return response;
  }
  AdminRequest request;
  request.method = method_of(http_request.method());
  if (!parse_target(http_request.target(), request)) co_return error_response(400, "bad request target");
  request.body = http_request.body();
  request.peer = peer;
  co_return co_await routes.handle(request);
}

template <class Stream>
asio::awaitable<void> serve(Stream& stream, const AdminRoutes& routes, const std::string& token) {
  const std::string peer = peer_of(beast::get_lowest_layer(stream).socket());
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(kBodyLimit);
    beast::get_lowest_layer(stream).expires_after(kIdleTimeout);
    auto [read_error, read] = co_await http::async_read(stream, buffer, parser, async::kNoThrow);
    if (read_error) {
      if (read_error == http::error::body_limit || read_error == http::error::header_limit) {
        const unsigned status = read_error == http::error::body_limit ? 413 : 431;
        HttpResponse response = to_http(error_response(status, read_error.message()), 11, false);
        co_await http::async_write(stream, response, async::kNoThrow);
      }
      co_return;
    }
    HttpRequest request = parser.release();
    const bool keep_alive = request.keep_alive();
    AdminResponse admin_response = co_await answer(request, routes, token, peer);
    HttpResponse response = to_http(admin_response, request.version(), keep_alive);
    auto [write_error, written] = co_await http::async_write(stream, response, async::kNoThrow);
    if (write_error || !keep_alive) co_return;
  }
}

asio::awaitable<void> serve_plain(asio::ip::tcp::socket socket, const AdminRoutes& routes, std::string token) {
  beast::tcp_stream stream(std::move(socket));
  co_await serve(stream, routes, token);
  boost::system::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> serve_tls(asio::ip::tcp::socket socket, std::shared_ptr<asio::ssl::context> tls,
                                const AdminRoutes& routes, std::string token) {
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls);
  beast::get_lowest_layer(stream).expires_after(kIdleTimeout);
  auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::server, async::kNoThrow);
  if (handshake_error) co_return;
  co_await serve(stream, routes, token);
  co_await stream.async_shutdown(async::kNoThrow);
}

}  // namespace

AdminServer::AdminServer(asio::io_context& control, const AdminRoutes& routes, Settings settings)
    : control_(control), routes_(routes), settings_(std::move(settings)), acceptor_(control) {}

AdminServer::~AdminServer() { stop(); }

bool AdminServer::open(const asio::ip::tcp::endpoint& endpoint, std::string& error) {
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "admin: cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) + ": " +
            ec.message();
    return false;
  }
  return true;
}

bool AdminServer::adopt(int listening_fd, std::string& error) {
  boost::system::error_code ec;
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getsockname(listening_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    error = "admin: the handed-over socket has no address";
    return false;
  }
  acceptor_.assign(address.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4(), listening_fd, ec);
  if (ec) {
    error = "admin: cannot take the handed-over socket: " + ec.message();
    return false;
  }
  return true;
}

void AdminServer::start() { asio::co_spawn(control_, accept_loop(), server::log_exceptions("admin accept")); }

void AdminServer::stop() {
  *stopped_ = true;
  // Released, then closed (as Listener::stop): a hot-restart successor may hold a copy.
  boost::system::error_code ignored;
  const int descriptor = acceptor_.is_open() ? acceptor_.release(ignored) : -1;
  if (descriptor >= 0) ::close(descriptor);
}

asio::ip::tcp::endpoint AdminServer::local_endpoint() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec);
}

asio::awaitable<void> AdminServer::accept_loop() {
  const auto stopped = stopped_;
  while (!*stopped) {
    auto [ec, socket] = co_await acceptor_.async_accept(async::kNoThrow);
    if (*stopped) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
      logging::get("admin")->warn("accept: {}", ec.message());
      continue;
    }
    if (settings_.tls) {
      asio::co_spawn(control_, serve_tls(std::move(socket), settings_.tls, routes_, settings_.token), server::log_exceptions("admin connection"));
    } else {
      asio::co_spawn(control_, serve_plain(std::move(socket), routes_, settings_.token), server::log_exceptions("admin connection"));
    }
  }
}

}  // namespace smppd::admin
