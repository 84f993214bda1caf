#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <memory>

#include "host/restart/restart_channel.h"

namespace smppd::restart {

// The new process's side of a hot restart: connected to the process of the epoch before, it
// takes that one's listening sockets and counters, and once its own listeners accept, tells it to
// drain; then it adds the parent's last counters and notes its exit.
class ParentConnection {
 public:
  // Connects to the process of `parent_epoch`; nullptr (and a log line) when none listens.
  static std::unique_ptr<ParentConnection> connect(boost::asio::io_context& control, uint32_t base_id,
                                                   uint32_t parent_epoch);

  ParentConnection(boost::asio::io_context& control, uint32_t parent_epoch, RestartChannel channel);
  ~ParentConnection();

  // The parent's listening socket bound to `endpoint`, ours to adopt and close; -1 when it has
  // none or the connection failed (then we bind ourselves).
  int take_listening_socket(const boost::asio::ip::tcp::endpoint& endpoint);
  // Adds the parent's counters to ours.
  void carry_counters();
  // Our listeners accept: the parent may stop accepting and drain. Its last counters are added
  // when they come, on the control thread. `state_released` runs once, on the control thread, when
  // the parent says its state store is closed, or when the connection ends or fails without
  // saying so (at once when it failed before).
  void request_drain(std::function<void()> state_released);
  bool failed() const { return failed_; }

 private:
  boost::asio::awaitable<void> wait_for_parent_exit();
  // Adds a counters reply, or takes state_released; false (logged) on anything else.
  bool add_reply(const RestartChannel::Received& received);
  void release_state();
  void fail(const std::string& error);

  boost::asio::io_context& control_;
  uint32_t parent_epoch_;
  std::shared_ptr<RestartChannel> channel_;
  bool failed_ = false;
  std::function<void()> state_released_;
};

}  // namespace smppd::restart
