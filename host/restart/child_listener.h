#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "host/restart/counter_handover.h"
#include "host/restart/restart_channel.h"

namespace smppd::restart {

// The running process's side of a hot restart: listens on its abstract socket for the process of
// the next epoch, hands it the listening sockets and counters it asks for, and drains when it
// says it accepts. One child at a time: a second connection is refused while one is there.
class ChildListener {
 public:
  struct Hooks {
    // The listening socket bound to this endpoint, or -1. Still ours: the child gets a copy.
    std::function<int(const boost::asio::ip::tcp::endpoint&)> listening_socket;
    // Stop accepting, drain the sessions and stop (the child accepts by now).
    std::function<void()> drain;
  };

  ChildListener(boost::asio::io_context& control, uint32_t base_id, uint32_t epoch, Hooks hooks);
  ~ChildListener();

  // Binds the abstract socket. False when another smppd of this base id and epoch has it.
  bool open(std::string& error);
  // Accepts children, on the control thread.
  void start();
  // Once drained (the control loop has stopped) and the state store closed: the counters' growth
  // since the child's first reply and state_released (the child opens the store now), then the
  // connection closes. Nothing when no child asked us to drain.
  void hand_over_at_exit();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(std::shared_ptr<RestartChannel> child);
  // False when the child must be let go (an error was logged).
  bool answer(RestartChannel& child, const Message& message);

  boost::asio::io_context& control_;
  uint32_t base_id_;
  uint32_t epoch_;
  Hooks hooks_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  std::shared_ptr<RestartChannel> child_;
  bool drain_requested_ = false;
  CounterHandover counters_;
};

}  // namespace smppd::restart
