#include "tests/support/smpp_test_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_decoder.h"
#include "host/codec/pdu_encoder.h"

namespace smppd::testing {

namespace {

using Clock = std::chrono::steady_clock;

// Whatever smppd sends, the client reads it whole; a larger frame is a bug the test should see.
constexpr uint32_t kMaxFrame = 1024 * 1024;
constexpr uint8_t kLongestPassword = 65;

// A peer closing while we write must be a failed call, not the end of the test process.
void ignore_sigpipe_once() {
  static const bool done = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, 60'000));
}

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "no OpenSSL error queued";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

}  // namespace

std::string_view read_status_name(ReadStatus status) {
  switch (status) {
    case ReadStatus::pdu: return "pdu";
    case ReadStatus::timeout: return "timeout";
    case ReadStatus::closed: return "closed";
    case ReadStatus::undecodable: return "undecodable";
  }
  return "?";
}

struct SmppTestClient::Tls {
  SSL_CTX* context = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl != nullptr) SSL_free(ssl);
    if (context != nullptr) SSL_CTX_free(context);
  }
};

SmppTestClient::SmppTestClient(uint16_t port, SmppTestClientOptions options) {
  ignore_sigpipe_once();
  if (!connect_tcp(port, options)) return;
  if (options.tls && !handshake_tls(*options.tls, Clock::now() + options.connect_timeout)) return;
  connected_ = true;
}

SmppTestClient::~SmppTestClient() { close(); }

bool SmppTestClient::connect_tcp(uint16_t port, const SmppTestClientOptions& options) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    error_ = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  if (!options.local_address.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, options.local_address.c_str(), &local.sin_addr) != 1 ||
        ::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
      error_ = "bind to " + options.local_address + ": " + std::strerror(errno);
      return false;
    }
  }
  // Every write goes out at once: byte-by-byte tests mean it.
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0 && errno != EINPROGRESS) {
    error_ = std::string("connect: ") + std::strerror(errno);
    return false;
  }
  if (wait_io(POLLOUT, Clock::now() + options.connect_timeout) != IoResult::ok) {
    error_ = "connect: timed out";
    return false;
  }
  int so_error = 0;
  socklen_t size = sizeof so_error;
  ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so_error, &size);
  if (so_error != 0) {
    error_ = std::string("connect: ") + std::strerror(so_error);
    return false;
  }
  return true;
}

bool SmppTestClient::handshake_tls(const TlsClientOptions& options, Deadline deadline) {
  tls_ = std::make_unique<Tls>();
  tls_->context = SSL_CTX_new(TLS_client_method());
  if (tls_->context == nullptr) {
    error_ = "SSL_CTX_new: " + openssl_error();
    return false;
  }
  if (!options.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(tls_->context, options.ca_file.c_str(), nullptr) != 1) {
      error_ = "CA " + options.ca_file + ": " + openssl_error();
      return false;
    }
    SSL_CTX_set_verify(tls_->context, SSL_VERIFY_PEER, nullptr);
  }
  if (!options.cert_file.empty() &&
      (SSL_CTX_use_certificate_chain_file(tls_->context, options.cert_file.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(tls_->context, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1)) {
    error_ = "client certificate " + options.cert_file + ": " + openssl_error();
    return false;
  }
  tls_->ssl = SSL_new(tls_->context);
  if (tls_->ssl == nullptr || SSL_set_fd(tls_->ssl, fd_) != 1) {
    error_ = "SSL_new: " + openssl_error();
    return false;
  }
  if (!options.ca_file.empty()) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls_->ssl), "127.0.0.1");
  }
  for (;;) {
    const int result = SSL_connect(tls_->ssl);
    if (result == 1) return true;
    const int why = SSL_get_error(tls_->ssl, result);
    const short events = why == SSL_ERROR_WANT_READ ? POLLIN : why == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
    if (events == 0) {
      error_ = "TLS handshake: " + openssl_error();
      return false;
    }
    if (wait_io(events, deadline) != IoResult::ok) {
      error_ = "TLS handshake: timed out or closed";
      return false;
    }
  }
}

SmppTestClient::IoResult SmppTestClient::wait_io(short events, Deadline deadline) {
  for (;;) {
    pollfd entry{fd_, events, 0};
    const int ready = ::poll(&entry, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return IoResult::closed;
    if (ready == 0) return IoResult::timeout;
    // POLLHUP/POLLERR: let the read or write that follows say what happened.
    return IoResult::ok;
  }
}

SmppTestClient::IoResult SmppTestClient::read_some(Deadline deadline) {
  if (fd_ < 0) return IoResult::closed;
  uint8_t chunk[16 * 1024];
  for (;;) {
    if (tls_) {
      ERR_clear_error();
      const int n = SSL_read(tls_->ssl, chunk, sizeof chunk);
      if (n > 0) {
        inbox_.insert(inbox_.end(), chunk, chunk + n);
        return IoResult::ok;
      }
      const int why = SSL_get_error(tls_->ssl, n);
      const short events = why == SSL_ERROR_WANT_READ ? POLLIN : why == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
      if (events == 0) return IoResult::closed;  // close_notify, reset, or a TLS alert
      if (const IoResult waited = wait_io(events, deadline); waited != IoResult::ok) return waited;
      continue;
    }
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      inbox_.insert(inbox_.end(), chunk, chunk + n);
      return IoResult::ok;
    }
    if (n == 0) return IoResult::closed;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return IoResult::closed;  // ECONNRESET and the like
    if (const IoResult waited = wait_io(POLLIN, deadline); waited != IoResult::ok) return waited;
  }
}

SmppTestClient::IoResult SmppTestClient::write_all(std::span<const uint8_t> bytes, Deadline deadline) {
  if (fd_ < 0) return IoResult::closed;
  size_t done = 0;
  while (done < bytes.size()) {
    const size_t chunk = std::min<size_t>(bytes.size() - done, 1 << 20);
    if (tls_) {
      ERR_clear_error();
      const int n = SSL_write(tls_->ssl, bytes.data() + done, static_cast<int>(chunk));
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      const int why = SSL_get_error(tls_->ssl, n);
      const short events = why == SSL_ERROR_WANT_READ ? POLLIN : why == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
      if (events == 0) return IoResult::closed;
      if (const IoResult waited = wait_io(events, deadline); waited != IoResult::ok) return waited;
      continue;
    }
    const ssize_t n = ::send(fd_, bytes.data() + done, chunk, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return IoResult::closed;
    if (const IoResult waited = wait_io(POLLOUT, deadline); waited != IoResult::ok) return waited;
  }
  return IoResult::ok;
}

bool SmppTestClient::send_raw(std::span<const uint8_t> bytes, Millis timeout) {
  return write_all(bytes, Clock::now() + timeout) == IoResult::ok;
}

bool SmppTestClient::send_raw(std::string_view bytes, Millis timeout) {
  return send_raw(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), timeout);
}

bool SmppTestClient::send(const codec::Pdu& pdu, Millis timeout) {
  std::vector<uint8_t> bytes;
  const codec::EncodeError error = codec::encode_pdu(pdu, bytes, {kLongestPassword});
  if (error.failed()) {
    error_ = "cannot encode " + std::string(codec::command_name(pdu.command_id)) + ": " + std::string(error.reason);
    return false;
  }
  return send_raw(bytes, timeout);
}

ReadResult SmppTestClient::read(Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  ReadResult result;
  for (;;) {
    const codec::Frame frame = codec::next_frame(inbox_, codec::FrameLimits{kMaxFrame});
    if (frame.state == codec::FrameState::invalid) {
      result.status = ReadStatus::undecodable;
      result.frame = std::move(inbox_);
      inbox_.clear();
      return result;
    }
    if (frame.state == codec::FrameState::complete) {
      result.frame.assign(inbox_.begin(), inbox_.begin() + frame.length);
      inbox_.erase(inbox_.begin(), inbox_.begin() + frame.length);
      codec::DecodeOptions options;
      options.max_password_length = kLongestPassword;
      const codec::DecodeError error = codec::decode_pdu(result.frame, result.pdu, options);
      result.status = error.failed() ? ReadStatus::undecodable : ReadStatus::pdu;
      return result;
    }
    const IoResult io = read_some(deadline);
    if (io == IoResult::timeout) {
      result.status = ReadStatus::timeout;
      return result;
    }
    if (io == IoResult::closed) {
      result.status = ReadStatus::closed;
      return result;
    }
  }
}

std::optional<codec::Pdu> SmppTestClient::call(codec::Pdu request, Millis timeout) {
  if (request.sequence_number == 0) request.sequence_number = next_sequence();
  if (!send(request, timeout)) return std::nullopt;
  return wait_response(request.sequence_number, timeout);
}

std::optional<codec::Pdu> SmppTestClient::wait_response(uint32_t sequence_number, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    if (left.count() < 0) return std::nullopt;
    ReadResult next = read(left);
    if (!next.ok()) return std::nullopt;
    if (codec::is_response(next.pdu.command_id) && next.pdu.sequence_number == sequence_number) {
      return std::move(next.pdu);
    }
    others_.push_back(std::move(next.pdu));
  }
}

std::optional<codec::Pdu> SmppTestClient::bind(codec::CommandId bind_command, std::string_view system_id,
                                               std::string_view password, uint8_t interface_version, Millis timeout) {
  return call(make_bind(bind_command, system_id, password, interface_version), timeout);
}

std::optional<codec::Pdu> SmppTestClient::enquire_link(Millis timeout) {
  codec::Pdu request;
  request.command_id = codec::CommandId::enquire_link;
  return call(std::move(request), timeout);
}

std::optional<codec::Pdu> SmppTestClient::submit(std::string_view destination, std::string_view text, Millis timeout) {
  return call(make_submit_sm(destination, text), timeout);
}

std::optional<codec::Pdu> SmppTestClient::unbind(Millis timeout) {
  codec::Pdu request;
  request.command_id = codec::CommandId::unbind;
  return call(std::move(request), timeout);
}

std::optional<Millis> SmppTestClient::round_trip(Millis timeout) {
  const auto start = Clock::now();
  const auto response = enquire_link(timeout);
  if (!response || response->command_id != codec::CommandId::enquire_link_resp) return std::nullopt;
  return std::chrono::duration_cast<Millis>(Clock::now() - start);
}

CloseResult SmppTestClient::wait_closed(Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  CloseResult result;
  for (;;) {
    result.bytes_discarded += inbox_.size();
    inbox_.clear();
    const IoResult io = read_some(deadline);
    if (io == IoResult::closed) {
      result.closed = true;
      result.bytes_discarded += inbox_.size();
      inbox_.clear();
      return result;
    }
    if (io == IoResult::timeout) return result;
  }
}

void SmppTestClient::close() {
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  connected_ = false;
}

std::string tls_client_hello() {
  std::string hello;
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  if (context == nullptr) return hello;
  SSL* ssl = SSL_new(context);
  BIO* from_server = BIO_new(BIO_s_mem());
  BIO* to_server = BIO_new(BIO_s_mem());
  if (ssl != nullptr && from_server != nullptr && to_server != nullptr) {
    SSL_set_bio(ssl, from_server, to_server);  // ssl owns both from here
    SSL_set_connect_state(ssl);
    SSL_do_handshake(ssl);  // writes the ClientHello, then wants the server's answer
    char* data = nullptr;
    const long size = BIO_get_mem_data(to_server, &data);
    if (size > 0) hello.assign(data, static_cast<size_t>(size));
  } else {
    BIO_free(from_server);
    BIO_free(to_server);
  }
  SSL_free(ssl);
  SSL_CTX_free(context);
  ERR_clear_error();
  return hello;
}

codec::Pdu make_bind(codec::CommandId bind_command, std::string_view system_id, std::string_view password,
                     uint8_t interface_version) {
  codec::Pdu bind;
  bind.command_id = bind_command;
  bind.system_id = system_id;
  bind.password = password;
  bind.interface_version = interface_version;
  return bind;
}

codec::Pdu make_submit_sm(std::string_view destination, std::string_view text) {
  codec::Pdu submit;
  submit.command_id = codec::CommandId::submit_sm;
  submit.source_addr_ton = 5;
  submit.source_addr = "smppd-test";
  submit.dest_addr_ton = 1;
  submit.dest_addr_npi = 1;
  submit.destination_addr = destination;
  submit.short_message = text;
  return submit;
}

std::string describe(const codec::Pdu& pdu) {
  char text[160];
  const std::string_view name = codec::command_name(pdu.command_id);
  const std::string_view status = codec::command_status_name(pdu.command_status);
  std::snprintf(text, sizeof text, "%.*s%s %.*s (0x%08X) seq %u", static_cast<int>(name.size()), name.data(),
                name.empty() ? "<unknown command>" : "", static_cast<int>(status.size()), status.data(),
                pdu.command_status, pdu.sequence_number);
  return text;
}

std::string describe(const std::optional<codec::Pdu>& pdu) { return pdu ? describe(*pdu) : "no PDU"; }

}  // namespace smppd::testing
