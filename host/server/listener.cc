#include "host/server/listener.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <unistd.h>

#include "host/logging/logging.h"
#include "host/server/server_session.h"
#include "host/server/spawn_logged.h"

namespace smppd::server {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::atomic<uint64_t> g_next_session_id{1};

}  // namespace

Listener::Listener(asio::io_context& control, WorkerPool& workers, WorkerSessions& sessions,
                   std::shared_ptr<ListenerContext> context)
    : control_(control), workers_(workers), sessions_(sessions), context_(std::move(context)), acceptor_(control) {}

bool Listener::open(const tcp::endpoint& endpoint, std::string& error) {
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  // Bound now, so that a taken port fails the start; listening only in start(), once the clusters
  // are warm: until then a client's connect is refused (and retried) instead of hanging unanswered.
  if (!ec) acceptor_.bind(endpoint, ec);
  if (ec) {
    error = "listener " + context_->name + ": cannot listen on " + endpoint.address().to_string() + ":" +
            std::to_string(endpoint.port()) + ": " + ec.message();
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return false;
  }
  return true;
}

bool Listener::adopt(const tcp::endpoint& endpoint, int descriptor, std::string& error) {
  boost::system::error_code ec;
  acceptor_.assign(endpoint.protocol(), descriptor, ec);
  if (!ec && local_endpoint() != endpoint) ec = asio::error::invalid_argument;
  if (ec) {
    error = "listener " + context_->name + ": cannot take over the socket of " + endpoint.address().to_string() + ":" +
            std::to_string(endpoint.port()) + ": " + ec.message();
    boost::system::error_code ignored;
    if (acceptor_.is_open()) {
      acceptor_.close(ignored);
    } else {
      ::close(descriptor);
    }
    return false;
  }
  return true;
}

void Listener::start() {
  boost::system::error_code ec;
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    logging::get("server")->error("listener {}: cannot listen: {}", context_->name, ec.message());
    return;
  }
  started_ = true;
  const auto endpoint = local_endpoint();
  logging::get("server")->info("listener {} accepting SMPP{} on {}:{}", context_->name, context_->tls ? " over TLS" : "",
                               endpoint.address().to_string(), endpoint.port());
  asio::co_spawn(control_, accept_loop(), log_exceptions("listener " + context_->name));
}

void Listener::stop() {
  stopped_ = true;
  // Released, then closed: release() takes the socket out of the reactor's epoll set, which a
  // plain close() leaves to the kernel, and the kernel keeps it there while a hot-restart
  // successor holds a copy of the socket (then its connections would still wake us).
  boost::system::error_code ec;
  const int descriptor = acceptor_.is_open() ? acceptor_.release(ec) : -1;
  if (descriptor >= 0) ::close(descriptor);
}

tcp::endpoint Listener::local_endpoint() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec);
}

asio::awaitable<void> Listener::accept_loop() {
  asio::steady_timer backoff(control_);
  while (!stopped_) {
    const size_t worker = workers_.next_index();
    auto [ec, socket] = co_await acceptor_.async_accept(workers_.context(worker), asio::as_tuple(asio::use_awaitable));
    if (stopped_) co_return;
    if (ec) {
      // Out of file descriptors, say: wait a little rather than spin on the same error.
      logging::get("server")->warn("listener {}: accept failed: {}", context_->name, ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    admit(std::move(socket), worker);
  }
}

void Listener::admit(tcp::socket socket, size_t worker) {
  boost::system::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;  // gone already
  const std::string ip = peer.address().to_string();
  ConnectionLimiter::Refusal refusal;
  auto ticket = context_->limiter->try_admit(ip, refusal);
  if (!ticket) {
    auto& stats = *context_->stats;
    (refusal == ConnectionLimiter::Refusal::ip_full ? stats.downstream_cx_overflow_per_ip : stats.downstream_cx_overflow).add(1);
    logging::get("server")->debug("listener {}: refused a connection from {}: {}", context_->name, ip,
                                  refusal == ConnectionLimiter::Refusal::ip_full ? "max_connections_per_ip" : "max_connections");
    socket.close(ec);
    return;
  }
  api::SessionInfo info;
  info.session_id = g_next_session_id.fetch_add(1, std::memory_order_relaxed);
  info.listener = context_->name;
  info.peer_address = ip;
  info.peer_port = peer.port();
  info.tls = context_->tls != nullptr;
  info.worker = static_cast<int32_t>(worker);
  // The session is made on its worker: plugins' session_new runs there.
  asio::post(workers_.context(worker), [context = context_, &worker_sessions = sessions_[worker],
                                        socket = std::move(socket), info = std::move(info),
                                        ticket = std::move(ticket)]() mutable {
    auto executor = socket.get_executor();
    auto transport = context->tls ? make_tls_transport(std::move(socket), *context->tls)
                                  : make_tcp_transport(std::move(socket));
    auto session = std::make_shared<ServerSession>(context, std::move(transport), std::move(info), std::move(ticket),
                                                   worker_sessions, executor);
    session->start();
  });
}

}  // namespace smppd::server
