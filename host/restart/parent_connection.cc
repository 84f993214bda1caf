#include "host/restart/parent_connection.h"

#include <fcntl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <utility>

#include "host/logging/logging.h"
#include "host/restart/counter_handover.h"
#include "host/restart/restart_socket_name.h"
#include "host/server/spawn_logged.h"

namespace smppd::restart {

namespace asio = boost::asio;
using asio::local::stream_protocol;

namespace {

// The parent answers from its control thread, which may be busy for a moment.
constexpr std::chrono::milliseconds kAnswerTimeout{10000};

auto log() { return logging::get("hot_restart"); }

}  // namespace

std::unique_ptr<ParentConnection> ParentConnection::connect(asio::io_context& control, uint32_t base_id,
                                                            uint32_t parent_epoch) {
  stream_protocol::socket socket(control);
  boost::system::error_code ec;
  socket.connect(restart_endpoint(base_id, parent_epoch), ec);
  if (ec) {
    log()->warn("hot restart: no smppd of base id {} and epoch {} to take over from ({}); opening our own sockets",
                base_id, parent_epoch, ec.message());
    return nullptr;
  }
  log()->info("hot restart: connected to the process of epoch {}", parent_epoch);
  return std::make_unique<ParentConnection>(control, parent_epoch, RestartChannel(std::move(socket)));
}

ParentConnection::ParentConnection(asio::io_context& control, uint32_t parent_epoch, RestartChannel channel)
    : control_(control), parent_epoch_(parent_epoch), channel_(std::make_shared<RestartChannel>(std::move(channel))) {}

ParentConnection::~ParentConnection() { channel_->close(); }

void ParentConnection::fail(const std::string& error) {
  log()->error("hot restart: with the process of epoch {}: {}", parent_epoch_, error);
  failed_ = true;
  channel_->close();
}

int ParentConnection::take_listening_socket(const asio::ip::tcp::endpoint& endpoint) {
  if (failed_) return -1;
  std::string error;
  if (!channel_->send(ListenSocketRequest{endpoint.address().to_string(), endpoint.port()}, -1, kAnswerTimeout, error)) {
    fail(error);
    return -1;
  }
  RestartChannel::Received received = channel_->receive(kAnswerTimeout);
  const auto* reply = received.message ? std::get_if<ListenSocketReply>(&*received.message) : nullptr;
  if (reply == nullptr) {
    fail(received.message ? "a " + std::string(message_name(*received.message)) + " instead of a listen_socket_reply"
                          : received.closed ? "closed" : received.error);
    return -1;
  }
  if (!reply->found) {
    log()->info("hot restart: the process of epoch {} has no socket on {}:{}; binding it ourselves", parent_epoch_,
                endpoint.address().to_string(), endpoint.port());
    return -1;
  }
  // Our own copy: the listener's acceptor owns and closes it, the received one closes here.
  const int descriptor = ::fcntl(received.descriptor.get(), F_DUPFD_CLOEXEC, 0);
  log()->info("hot restart: took over the listening socket of {}:{}", endpoint.address().to_string(), endpoint.port());
  return descriptor;
}

bool ParentConnection::add_reply(const RestartChannel::Received& received) {
  if (received.message && std::holds_alternative<StateReleased>(*received.message)) {
    log()->info("hot restart: the process of epoch {} has closed its state store", parent_epoch_);
    release_state();
    return true;
  }
  const auto* reply = received.message ? std::get_if<CountersReply>(&*received.message) : nullptr;
  if (reply == nullptr) {
    fail(received.message ? "a " + std::string(message_name(*received.message)) + " instead of a counters_reply"
                          : received.closed ? "closed" : received.error);
    return false;
  }
  const size_t added = add_counters(stats::StatsStore::process(), reply->counters);
  for (const CounterValue& counter : reply->counters) {
    log()->debug("hot restart: counter {} += {}", counter.name, counter.value);
  }
  log()->info("hot restart: carried over {} counters from the process of epoch {}", added, parent_epoch_);
  return true;
}

void ParentConnection::carry_counters() {
  if (failed_) return;
  std::string error;
  if (!channel_->send(CountersRequest{}, -1, kAnswerTimeout, error)) {
    fail(error);
    return;
  }
  add_reply(channel_->receive(kAnswerTimeout));
}

void ParentConnection::release_state() {
  if (auto released = std::exchange(state_released_, nullptr)) released();
}

void ParentConnection::request_drain(std::function<void()> state_released) {
  state_released_ = std::move(state_released);
  if (failed_) {
    release_state();
    return;
  }
  std::string error;
  if (!channel_->send(DrainRequest{}, -1, kAnswerTimeout, error)) {
    fail(error);
    release_state();
    return;
  }
  log()->info("hot restart: accepting; the process of epoch {} drains now", parent_epoch_);
  asio::co_spawn(control_, wait_for_parent_exit(), server::log_exceptions("hot restart parent"));
}

asio::awaitable<void> ParentConnection::wait_for_parent_exit() {
  // Hold the channel: the connection may be destroyed while this waits.
  std::shared_ptr<RestartChannel> channel = channel_;
  for (;;) {
    auto [ec] = co_await channel->socket().async_wait(stream_protocol::socket::wait_read, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;  // closed here: we stop first
    do {
      RestartChannel::Received received = channel->receive(kAnswerTimeout);
      if (received.closed) {
        log()->info("hot restart: the process of epoch {} has drained and exited", parent_epoch_);
        channel->close();
        release_state();
        co_return;
      }
      if (!add_reply(received)) {
        release_state();
        co_return;
      }
    } while (channel->has_message());
  }
}

}  // namespace smppd::restart
