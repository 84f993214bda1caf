#pragma once

#include <boost/asio/local/stream_protocol.hpp>

#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include "host/plugin/unique_fd.h"
#include "host/restart/frame_reader.h"
#include "host/restart/restart_message.h"

namespace smppd::restart {

// One end of the hot-restart connection: framed messages over a Unix stream socket, a listening
// socket's descriptor riding along a ListenSocketReply (SCM_RIGHTS). Asio holds the socket; the
// messages go through sendmsg/recvmsg on its native handle, since Asio has no word for SCM_RIGHTS.
// Sending and receiving wait (poll) up to a timeout: the messages are few and small, and both
// ends answer at once.
class RestartChannel {
 public:
  struct Received {
    std::optional<Message> message;
    plugin::UniqueFd descriptor;  // with a ListenSocketReply that found one
    bool closed = false;          // the peer closed between messages
    std::string error;            // set when neither a message nor a clean close came
  };

  explicit RestartChannel(boost::asio::local::stream_protocol::socket socket);

  // Sends one message, with `descriptor` (when >= 0) passed along with its first octet.
  bool send(const Message& message, int descriptor, std::chrono::milliseconds timeout, std::string& error);
  // The next message, waiting up to `timeout` for it.
  Received receive(std::chrono::milliseconds timeout);
  // A whole message is read already: receive() answers without waiting.
  bool has_message() const { return reader_.has_frame(); }

  boost::asio::local::stream_protocol::socket& socket() { return socket_; }
  void close();

 private:
  // Reads what the socket holds (after waiting up to `deadline` for something): false on
  // close or error, `error` set for an error.
  bool read_some(std::chrono::steady_clock::time_point deadline, bool& closed, std::string& error);

  boost::asio::local::stream_protocol::socket socket_;
  FrameReader reader_;
  // Descriptors received but not yet matched to their reply, in order.
  std::deque<plugin::UniqueFd> descriptors_;
};

}  // namespace smppd::restart
