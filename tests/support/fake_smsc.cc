#include "tests/support/fake_smsc.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_decoder.h"
#include "host/codec/pdu_encoder.h"
#include "host/codec/tlv_tag.h"

namespace smppd::testing {

namespace {

using codec::CommandId;

constexpr uint8_t kLongestPassword = 65;
// What smppd's upstream sessions may send us: it never needs more.
constexpr uint32_t kMaxFrame = 64 * 1024;
// The fake's thread looks at its timers at least this often.
constexpr int kLongestPollMs = 50;
// message_state TLV value of DELIVERED (S34 §5.2.28).
constexpr uint8_t kMessageStateDelivered = 2;
// The receipt text's "first 20 characters" (S34 Appendix B).
constexpr size_t kReceiptExcerptOctets = 20;

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::vector<uint8_t> encode(const codec::Pdu& pdu) {
  std::vector<uint8_t> bytes;
  codec::encode_pdu(pdu, bytes, {kLongestPassword});
  return bytes;
}

bool is_bind(CommandId id) {
  return id == CommandId::bind_transmitter || id == CommandId::bind_receiver || id == CommandId::bind_transceiver;
}

// The short message's text after its UDH, when esm_class says there is one.
std::string_view text_of(const codec::Pdu& submit) {
  std::string_view text = submit.short_message;
  if ((submit.esm_class & codec::kEsmClassUdhi) != 0 && !text.empty()) {
    const size_t header = 1 + static_cast<uint8_t>(text[0]);
    text.remove_prefix(std::min(header, text.size()));
  }
  return text.substr(0, kReceiptExcerptOctets);
}

}  // namespace

FakeSmsc::FakeSmsc() {
  // A peer closing while we write must fail the write, not end the test process.
  std::signal(SIGPIPE, SIG_IGN);
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0 ||
      ::pipe2(wake_fds_, O_NONBLOCK | O_CLOEXEC) != 0) {
    error_ = std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
    return;
  }
  port_ = ntohs(address.sin_port);
  handler_ = [](FakeSmsc& smsc, const Submit& submit) { smsc.respond(submit, codec::status::kOk, smsc.next_message_id()); };
  thread_ = std::thread([this] { run(); });
}

FakeSmsc::~FakeSmsc() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake();
  if (thread_.joinable()) thread_.join();
  for (auto& [id, connection] : connections_) ::close(connection.fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
  for (int fd : wake_fds_) {
    if (fd >= 0) ::close(fd);
  }
}

void FakeSmsc::set_submit_handler(SubmitHandler handler) {
  std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

std::string FakeSmsc::next_message_id() {
  std::lock_guard lock(mutex_);
  return "msg" + std::to_string(next_id_++);
}

void FakeSmsc::wake() const {
  const char byte = 1;
  [[maybe_unused]] const ssize_t written = ::write(wake_fds_[1], &byte, 1);
}

void FakeSmsc::respond(const Submit& submit, uint32_t command_status, const std::string& message_id, Millis delay) {
  codec::Pdu response;
  response.command_id = codec::response_of(submit.pdu.command_id);
  response.command_status = command_status;
  response.sequence_number = submit.pdu.sequence_number;
  if (command_status == codec::status::kOk) {
    response.message_id = message_id;
  } else {
    response.body_absent = true;
  }
  std::lock_guard lock(mutex_);
  if (command_status == codec::status::kOk) {
    accepted_ids_[{submit.connection, submit.pdu.sequence_number}] = message_id;
    changed_.notify_all();
  }
  enqueue(submit.connection, response, delay);
}

uint32_t FakeSmsc::deliver(uint64_t connection, codec::Pdu request, Millis delay) {
  std::lock_guard lock(mutex_);
  request.sequence_number = next_sequence_++;
  enqueue(connection, request, delay);
  return request.sequence_number;
}

void FakeSmsc::enqueue(uint64_t connection, const codec::Pdu& pdu, Millis delay) {
  timed_.emplace(Clock::now() + delay, Outgoing{connection, encode(pdu)});
  wake();
}

void FakeSmsc::close_all() {
  {
    std::lock_guard lock(mutex_);
    close_all_ = true;
  }
  wake();
}

std::vector<uint64_t> FakeSmsc::bound_connections() const {
  std::lock_guard lock(mutex_);
  std::vector<uint64_t> bound;
  for (const auto& [id, connection] : connections_) {
    if (connection.bound) bound.push_back(id);
  }
  return bound;
}

std::optional<uint64_t> FakeSmsc::wait_bound(size_t count, Millis timeout) const {
  std::unique_lock lock(mutex_);
  std::optional<uint64_t> newest;
  size_t bound = 0;
  changed_.wait_for(lock, timeout, [&] {
    bound = 0;
    for (const auto& [id, connection] : connections_) {
      if (connection.bound) {
        ++bound;
        newest = id;
      }
    }
    return bound >= count;
  });
  return bound >= count ? newest : std::nullopt;
}

size_t FakeSmsc::binds_accepted() const {
  std::lock_guard lock(mutex_);
  return binds_accepted_;
}

std::vector<FakeSmsc::Submit> FakeSmsc::submits() const {
  std::lock_guard lock(mutex_);
  return submits_;
}

bool FakeSmsc::wait_submits(size_t count, Millis timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return submits_.size() >= count; });
}

std::optional<FakeSmsc::DeliverResp> FakeSmsc::wait_deliver_resp(uint32_t sequence_number, Millis timeout) const {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return deliver_resps_.contains(sequence_number); })) return std::nullopt;
  return deliver_resps_.at(sequence_number);
}

std::optional<std::string> FakeSmsc::wait_message_id(const Submit& submit, Millis timeout) const {
  const std::pair key{submit.connection, submit.pdu.sequence_number};
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return accepted_ids_.contains(key); })) return std::nullopt;
  return accepted_ids_.at(key);
}

// ---- the fake's thread ---------------------------------------------------------------------

void FakeSmsc::run() {
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;  // the connection behind fds[2 + i]
  for (;;) {
    int timeout_ms = kLongestPollMs;
    fds.clear();
    ids.clear();
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      fds.push_back({wake_fds_[0], POLLIN, 0});
      fds.push_back({listen_fd_, POLLIN, 0});
      for (const auto& [id, connection] : connections_) {
        fds.push_back({connection.fd, static_cast<short>(POLLIN | (connection.outbox.empty() ? 0 : POLLOUT)), 0});
        ids.push_back(id);
      }
      if (!timed_.empty()) {
        const auto due = std::chrono::duration_cast<Millis>(timed_.begin()->first - Clock::now()).count();
        timeout_ms = static_cast<int>(std::clamp<int64_t>(due, 0, kLongestPollMs));
      }
    }
    ::poll(fds.data(), fds.size(), timeout_ms);

    std::vector<Submit> new_submits;
    SubmitHandler handler;
    {
      std::lock_guard lock(mutex_);
      char drained[64];
      while (::read(wake_fds_[0], drained, sizeof drained) > 0) {
      }
      if (close_all_) {
        for (auto& [id, connection] : connections_) ::close(connection.fd);
        connections_.clear();
        close_all_ = false;
      }
      for (;;) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) break;
        set_nonblocking(fd);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        connections_[next_connection_++].fd = fd;
      }
      for (size_t i = 0; i < ids.size(); ++i) {
        auto it = connections_.find(ids[i]);
        if (it == connections_.end() || (fds[2 + i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        if (!read_from(it->first, it->second, new_submits)) {
          ::close(it->second.fd);
          connections_.erase(it);
        }
      }
      const auto now = Clock::now();
      while (!timed_.empty() && timed_.begin()->first <= now) {
        Outgoing& outgoing = timed_.begin()->second;
        if (auto it = connections_.find(outgoing.connection); it != connections_.end()) {
          it->second.outbox.insert(it->second.outbox.end(), outgoing.bytes.begin(), outgoing.bytes.end());
        }
        timed_.erase(timed_.begin());
      }
      for (auto it = connections_.begin(); it != connections_.end();) {
        if (!flush(it->second)) {
          ::close(it->second.fd);
          it = connections_.erase(it);
        } else {
          ++it;
        }
      }
      submits_.insert(submits_.end(), new_submits.begin(), new_submits.end());
      handler = handler_;
    }
    changed_.notify_all();
    for (const Submit& submit : new_submits) handler(*this, submit);
  }
}

bool FakeSmsc::read_from(uint64_t id, Connection& connection, std::vector<Submit>& new_submits) {
  uint8_t chunk[16 * 1024];
  for (;;) {
    const ssize_t n = ::recv(connection.fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      connection.inbox.insert(connection.inbox.end(), chunk, chunk + n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    return false;  // closed or reset
  }
  for (;;) {
    const codec::Frame frame = codec::next_frame(connection.inbox, codec::FrameLimits{kMaxFrame});
    if (frame.state == codec::FrameState::invalid) return false;
    if (frame.state != codec::FrameState::complete) return true;
    codec::Pdu pdu;
    codec::DecodeOptions options;
    options.max_password_length = kLongestPassword;
    const bool decoded = !codec::decode_pdu({connection.inbox.data(), frame.length}, pdu, options).failed();
    connection.inbox.erase(connection.inbox.begin(), connection.inbox.begin() + frame.length);
    if (decoded) handle(id, connection, pdu, new_submits);
  }
}

void FakeSmsc::handle(uint64_t id, Connection& connection, const codec::Pdu& pdu, std::vector<Submit>& new_submits) {
  codec::Pdu response;
  response.command_id = codec::response_of(pdu.command_id);
  response.sequence_number = pdu.sequence_number;
  if (is_bind(pdu.command_id)) {
    connection.bound = true;
    ++binds_accepted_;
    response.system_id = "fake-smsc";
    queue_now(connection, response);
  } else if (pdu.command_id == CommandId::enquire_link) {
    queue_now(connection, response);
  } else if (pdu.command_id == CommandId::unbind) {
    queue_now(connection, response);
    connection.bound = false;
  } else if (pdu.command_id == CommandId::submit_sm || pdu.command_id == CommandId::data_sm) {
    new_submits.push_back(Submit{id, pdu});
  } else if (pdu.command_id == CommandId::deliver_sm_resp || pdu.command_id == CommandId::data_sm_resp) {
    deliver_resps_[pdu.sequence_number] = DeliverResp{id, pdu.command_status};
  }
}

void FakeSmsc::queue_now(Connection& connection, const codec::Pdu& pdu) {
  const std::vector<uint8_t> bytes = encode(pdu);
  connection.outbox.insert(connection.outbox.end(), bytes.begin(), bytes.end());
}

bool FakeSmsc::flush(Connection& connection) {
  while (!connection.outbox.empty()) {
    const ssize_t n = ::send(connection.fd, connection.outbox.data(), connection.outbox.size(), MSG_NOSIGNAL);
    if (n > 0) {
      connection.outbox.erase(connection.outbox.begin(), connection.outbox.begin() + n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;
  }
  return true;
}

// ---- PDUs ----------------------------------------------------------------------------------

codec::Pdu FakeSmsc::make_receipt(const codec::Pdu& submit, std::string_view text_id,
                                  std::optional<std::string_view> tlv_id) {
  codec::Pdu receipt;
  receipt.command_id = CommandId::deliver_sm;
  receipt.source_addr_ton = submit.dest_addr_ton;
  receipt.source_addr_npi = submit.dest_addr_npi;
  receipt.source_addr = submit.destination_addr;
  receipt.dest_addr_ton = submit.source_addr_ton;
  receipt.dest_addr_npi = submit.source_addr_npi;
  receipt.destination_addr = submit.source_addr;
  receipt.esm_class = codec::kEsmClassDeliveryReceipt;
  std::string text = text_id.empty() ? "" : "id:" + std::string(text_id) + " ";
  text += "sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:DELIVRD err:000 text:";
  text += text_of(submit);
  receipt.short_message = text;
  if (tlv_id) receipt.tlvs.set_cstring(codec::tlv::kReceiptedMessageId, *tlv_id);
  receipt.tlvs.set_u8(codec::tlv::kMessageState, kMessageStateDelivered);
  return receipt;
}

codec::Pdu FakeSmsc::make_mo(std::string_view source, std::string_view destination, std::string_view text) {
  codec::Pdu mo;
  mo.command_id = CommandId::deliver_sm;
  mo.source_addr_ton = 1;
  mo.source_addr_npi = 1;
  mo.source_addr = source;
  mo.dest_addr_ton = 0;
  mo.dest_addr_npi = 1;
  mo.destination_addr = destination;
  mo.short_message = text;
  return mo;
}

}  // namespace smppd::testing
