#include "tools/smpp-bench/sink_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "host/async/no_throw.h"
#include "host/codec/receipt/message_state.h"
#include "tools/smpp-bench/sink_session.h"
#include "tools/smpp/print_exceptions.h"

namespace smppd::tools::bench {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

using smppd::async::kNoThrow;
constexpr uint32_t kMaxThreads = 256;

}  // namespace

SinkServer::SinkServer(SinkOptions options) : options_(std::move(options)) {}

SinkServer::~SinkServer() {
  stop();
  // The acceptor belongs to worker 0's io_context; it goes before the workers do.
  acceptor_.reset();
  workers_.clear();
}

bool SinkServer::start() {
  const auto state = codec::parse_stat_word(options_.receipt_stat);
  if (!state) {
    error_ = fmt::format("--receipt-stat: '{}' is not a receipt stat word (DELIVRD, UNDELIV, ...)", options_.receipt_stat);
    return false;
  }
  const uint32_t count = std::clamp<uint32_t>(options_.threads, 1, kMaxThreads);
  for (uint32_t i = 0; i < count; ++i) {
    workers_.push_back(std::make_unique<SinkWorker>(options_, receivers_, *state, i, count));
  }

  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options_.address, ec);
  if (ec) {
    error_ = fmt::format("--address: '{}' is not an IP address", options_.address);
    return false;
  }
  acceptor_ = std::make_unique<tcp::acceptor>(workers_.front()->context);
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_->open(endpoint.protocol(), ec);
  if (!ec) acceptor_->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error_ = fmt::format("cannot listen on {}:{}: {}", options_.address, options_.port, ec.message());
    return false;
  }
  port_ = acceptor_->local_endpoint(ec).port();

  asio::co_spawn(workers_.front()->context, [this] { return accept_loop(); }, print_exceptions("sink accept loop"));
  for (auto& worker : workers_) {
    threads_.emplace_back([&context = worker->context] {
      // Sessions come and go; the thread stays until stop().
      auto guard = asio::make_work_guard(context);
      context.run();
    });
  }
  return true;
}

void SinkServer::stop() {
  if (threads_.empty()) return;
  for (auto& worker : workers_) worker->context.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

SinkTotals SinkServer::totals() const {
  SinkTotals totals;
  for (const auto& worker : workers_) totals.add(worker->counters);
  return totals;
}

asio::awaitable<void> SinkServer::accept_loop() {
  size_t next = 0;
  asio::steady_timer backoff(workers_.front()->context);
  for (;;) {
    SinkWorker& worker = *workers_[next++ % workers_.size()];
    auto [ec, socket] = co_await acceptor_->async_accept(worker.context.get_executor(), kNoThrow);
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
    if (ec) {
      // Out of file descriptors, most likely: let sessions end before trying again.
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    // The session is made on its own worker's thread, the only one that touches it.
    asio::post(worker.context, [&worker, socket = std::move(socket)]() mutable {
      std::make_shared<SinkSession>(worker, std::move(socket))->start();
    });
  }
}

}  // namespace smppd::tools::bench
