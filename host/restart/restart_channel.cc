#include "host/restart/restart_channel.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace smppd::restart {

namespace {

using Clock = std::chrono::steady_clock;

// Waits until the descriptor is ready for `events` or the deadline passes.
bool wait_ready(int descriptor, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd entry{descriptor, events, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(std::max<int64_t>(0, left.count())));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return false;
  }
}

}  // namespace

RestartChannel::RestartChannel(boost::asio::local::stream_protocol::socket socket) : socket_(std::move(socket)) {}

void RestartChannel::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

bool RestartChannel::send(const Message& message, int descriptor, std::chrono::milliseconds timeout, std::string& error) {
  const std::vector<uint8_t> frame = encode_message(message);
  const auto deadline = Clock::now() + timeout;
  const int native = socket_.native_handle();
  size_t sent = 0;
  while (sent < frame.size()) {
    iovec io{const_cast<uint8_t*>(frame.data() + sent), frame.size() - sent};
    msghdr header{};
    header.msg_iov = &io;
    header.msg_iovlen = 1;
    alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int))> control{};
    if (sent == 0 && descriptor >= 0) {
      header.msg_control = control.data();
      header.msg_controllen = control.size();
      cmsghdr* entry = CMSG_FIRSTHDR(&header);
      entry->cmsg_level = SOL_SOCKET;
      entry->cmsg_type = SCM_RIGHTS;
      entry->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(entry), &descriptor, sizeof(int));
    }
    const ssize_t written = ::sendmsg(native, &header, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (written > 0) {
      sent += static_cast<size_t>(written);
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && errno == EAGAIN) {
      if (wait_ready(native, POLLOUT, deadline)) continue;
      error = "timed out sending a " + std::string(message_name(message)) + " message";
      return false;
    }
    error = "cannot send a " + std::string(message_name(message)) + " message: " + std::strerror(errno);
    return false;
  }
  return true;
}

bool RestartChannel::read_some(Clock::time_point deadline, bool& closed, std::string& error) {
  const int native = socket_.native_handle();
  if (!wait_ready(native, POLLIN, deadline)) {
    error = "timed out waiting for a message";
    return false;
  }
  std::array<uint8_t, 64 * 1024> buffer;
  for (;;) {
    iovec io{buffer.data(), buffer.size()};
    msghdr header{};
    header.msg_iov = &io;
    header.msg_iovlen = 1;
    // Room for a few descriptors: one is all we ever send, more are closed below.
    alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int) * 4)> control{};
    header.msg_control = control.data();
    header.msg_controllen = control.size();
    const ssize_t got = ::recvmsg(native, &header, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && errno == EAGAIN) return true;  // woken for nothing
    if (got < 0) {
      error = std::string("cannot read: ") + std::strerror(errno);
      return false;
    }
    for (cmsghdr* entry = CMSG_FIRSTHDR(&header); entry != nullptr; entry = CMSG_NXTHDR(&header, entry)) {
      if (entry->cmsg_level != SOL_SOCKET || entry->cmsg_type != SCM_RIGHTS || entry->cmsg_len < CMSG_LEN(0)) continue;
      const size_t count = (entry->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < count; ++i) {
        int received = -1;
        std::memcpy(&received, CMSG_DATA(entry) + i * sizeof(int), sizeof(int));
        descriptors_.emplace_back(received);
      }
    }
    if ((header.msg_flags & MSG_CTRUNC) != 0) {
      error = "descriptors cut off (more than one sent with a message)";
      return false;
    }
    if (got == 0) {
      if (reader_.pending() > 0) error = "the peer closed in the middle of a message";
      closed = error.empty();
      return false;
    }
    reader_.append(std::span<const uint8_t>(buffer.data(), static_cast<size_t>(got)));
    return true;
  }
}

RestartChannel::Received RestartChannel::receive(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  Received result;
  while (!reader_.has_frame()) {
    if (!read_some(deadline, result.closed, result.error)) return result;
  }
  const std::optional<std::vector<uint8_t>> body = reader_.next();
  if (!body) {
    result.error = reader_.error();
    return result;
  }
  DecodedMessage decoded = decode_message(*body);
  if (!decoded.message) {
    result.error = decoded.error;
    return result;
  }
  if (const auto* reply = std::get_if<ListenSocketReply>(&*decoded.message); reply != nullptr && reply->found) {
    if (descriptors_.empty()) {
      result.error = "a listen_socket_reply without its descriptor";
      return result;
    }
    result.descriptor = std::move(descriptors_.front());
    descriptors_.pop_front();
  }
  result.message = std::move(decoded.message);
  return result;
}

}  // namespace smppd::restart
