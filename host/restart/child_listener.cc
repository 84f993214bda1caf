#include "host/restart/child_listener.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "host/logging/logging.h"
#include "host/restart/restart_socket_name.h"
#include "host/server/spawn_logged.h"

namespace smppd::restart {

namespace asio = boost::asio;
using asio::local::stream_protocol;

namespace {

// The child answers at once; a message that takes longer is a child in trouble.
constexpr std::chrono::milliseconds kMessageTimeout{5000};

auto log() { return logging::get("hot_restart"); }

}  // namespace

ChildListener::ChildListener(asio::io_context& control, uint32_t base_id, uint32_t epoch, Hooks hooks)
    : control_(control), base_id_(base_id), epoch_(epoch), hooks_(std::move(hooks)), acceptor_(control) {}

ChildListener::~ChildListener() {
  if (child_) child_->close();
}

bool ChildListener::open(std::string& error) {
  boost::system::error_code ec;
  const stream_protocol::endpoint endpoint = restart_endpoint(base_id_, epoch_);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(1, ec);
  if (ec) {
    error = "hot restart: cannot listen on @" + restart_socket_name(base_id_, epoch_).substr(1) + ": " + ec.message() +
            (ec == asio::error::address_in_use ? " (an smppd with this --base-id and --restart-epoch runs already)" : "");
    return false;
  }
  return true;
}

void ChildListener::start() { asio::co_spawn(control_, accept_loop(), server::log_exceptions("hot restart listener")); }

asio::awaitable<void> ChildListener::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      log()->warn("hot restart: accept failed: {}", ec.message());
      continue;
    }
    if (child_ || drain_requested_) {
      log()->warn("hot restart: refused another process of epoch {}: one is taking over already", epoch_ + 1);
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    log()->info("hot restart: the process of epoch {} connected", epoch_ + 1);
    child_ = std::make_shared<RestartChannel>(std::move(socket));
    asio::co_spawn(control_, serve(child_), server::log_exceptions("hot restart child"));
  }
}

asio::awaitable<void> ChildListener::serve(std::shared_ptr<RestartChannel> child) {
  for (;;) {
    auto [ec] = co_await child->socket().async_wait(stream_protocol::socket::wait_read, asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    bool keep = true;
    do {
      RestartChannel::Received received = child->receive(kMessageTimeout);
      if (received.closed) {
        keep = false;
        break;
      }
      if (!received.message) {
        log()->error("hot restart: from the process of epoch {}: {}", epoch_ + 1, received.error);
        keep = false;
        break;
      }
      keep = answer(*child, *received.message);
    } while (keep && child->has_message());
    if (!keep) break;
  }
  if (child_ != child) co_return;  // let go already
  if (drain_requested_) {
    // Kept open for the last counters when the child still listens; hand_over_last_counters()
    // finds out.
    co_return;
  }
  log()->warn("hot restart: the process of epoch {} went away before taking over; serving on", epoch_ + 1);
  child->close();
  child_.reset();
}

bool ChildListener::answer(RestartChannel& child, const Message& message) {
  std::string error;
  bool sent = true;
  if (const auto* request = std::get_if<ListenSocketRequest>(&message)) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(request->address, ec);
    const int descriptor = ec ? -1 : hooks_.listening_socket({address, request->port});
    log()->info("hot restart: listening socket of {}:{} {}", request->address, request->port,
                descriptor >= 0 ? "handed over" : "asked for: we have none");
    sent = child.send(ListenSocketReply{descriptor >= 0}, descriptor, kMessageTimeout, error);
  } else if (std::holds_alternative<CountersRequest>(message)) {
    CountersReply reply{counters_.take_growth(stats::StatsStore::process())};
    log()->info("hot restart: handing over {} counters", reply.counters.size());
    sent = child.send(reply, -1, kMessageTimeout, error);
  } else if (std::holds_alternative<DrainRequest>(message)) {
    if (drain_requested_) return true;
    drain_requested_ = true;
    log()->info("hot restart: the process of epoch {} accepts; draining and exiting", epoch_ + 1);
    boost::system::error_code ignored;
    acceptor_.close(ignored);  // the successor has its own socket for the epoch after it
    hooks_.drain();
  } else {
    log()->error("hot restart: the process of epoch {} sent a {}, which only a parent sends", epoch_ + 1,
                 message_name(message));
    return false;
  }
  if (!sent) log()->error("hot restart: to the process of epoch {}: {}", epoch_ + 1, error);
  return sent;
}

void ChildListener::hand_over_at_exit() {
  if (!child_ || !drain_requested_) return;
  CountersReply reply{counters_.take_growth(stats::StatsStore::process())};
  std::string error;
  if (child_->send(reply, -1, kMessageTimeout, error)) {
    log()->info("hot restart: handed over the last growth of {} counters", reply.counters.size());
  } else {
    log()->warn("hot restart: the last counters did not reach the process of epoch {}: {}", epoch_ + 1, error);
  }
  // When this does not arrive, the child takes the closed connection for the same word.
  if (child_->send(StateReleased{}, -1, kMessageTimeout, error)) {
    log()->info("hot restart: the state store is closed; the process of epoch {} takes it over", epoch_ + 1);
  } else {
    log()->warn("hot restart: state_released did not reach the process of epoch {}: {}", epoch_ + 1, error);
  }
  child_->close();
  child_.reset();
}

}  // namespace smppd::restart
