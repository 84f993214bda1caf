#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/codec/command_id.h"
#include "host/codec/pdu.h"

namespace smppd::testing {

using Millis = std::chrono::milliseconds;

// Long enough for a sanitizer build on a busy machine, short enough that a hang fails quickly.
inline constexpr Millis kDefaultReadTimeout{5000};

// The client side of TLS: whom to trust and which certificate to show.
struct TlsClientOptions {
  std::string ca_file;    // verify the server's certificate (and its IP 127.0.0.1) against this CA
  std::string cert_file;  // a client certificate, or empty for none
  std::string key_file;
};

struct SmppTestClientOptions {
  // Bind the socket to this loopback address before connecting ("127.0.0.2"), so that a test can
  // be another client IP. Empty: the kernel picks 127.0.0.1.
  std::string local_address;
  std::optional<TlsClientOptions> tls;
  Millis connect_timeout{5000};
};

enum class ReadStatus : uint8_t {
  pdu,          // `pdu` holds the next PDU
  timeout,      // nothing complete arrived in time
  closed,       // the peer closed (or reset) the connection
  undecodable,  // the peer sent a frame the codec refuses; `frame` holds it
};

struct ReadResult {
  ReadStatus status = ReadStatus::timeout;
  codec::Pdu pdu;
  std::vector<uint8_t> frame;
  bool ok() const { return status == ReadStatus::pdu; }
};

struct CloseResult {
  bool closed = false;        // the peer closed or reset the connection within the time
  size_t bytes_discarded = 0; // what arrived (and was thrown away) before that
};

std::string_view read_status_name(ReadStatus status);

// A small blocking SMPP client for tests: one TCP (or TLS) connection to 127.0.0.1 driven with
// poll() and timeouts, framing and decoding with smppd's own codec. Not thread-safe; every call
// returns within its timeout.
class SmppTestClient {
 public:
  explicit SmppTestClient(uint16_t port, SmppTestClientOptions options = {});
  ~SmppTestClient();
  SmppTestClient(const SmppTestClient&) = delete;
  SmppTestClient& operator=(const SmppTestClient&) = delete;

  // Whether the TCP connection (and the TLS handshake) succeeded; error() says why not.
  bool connected() const { return connected_; }
  const std::string& error() const { return error_; }

  bool send_raw(std::span<const uint8_t> bytes, Millis timeout = kDefaultReadTimeout);
  bool send_raw(std::string_view bytes, Millis timeout = kDefaultReadTimeout);
  // Encodes with the codec (passwords up to 64 octets allowed) and sends.
  bool send(const codec::Pdu& pdu, Millis timeout = kDefaultReadTimeout);
  // 1, 2, 3, ...: the client's own sequence numbers.
  uint32_t next_sequence() { return ++last_sequence_; }

  // The next PDU from the peer.
  ReadResult read(Millis timeout = kDefaultReadTimeout);

  // Sends `request` (with the next sequence number when it has none) and reads until the response
  // with its sequence number (or a generic_nack with it) arrives. Other PDUs read meanwhile are
  // kept in others().
  std::optional<codec::Pdu> call(codec::Pdu request, Millis timeout = kDefaultReadTimeout);
  std::optional<codec::Pdu> wait_response(uint32_t sequence_number, Millis timeout = kDefaultReadTimeout);

  std::optional<codec::Pdu> bind(codec::CommandId bind_command, std::string_view system_id = "test",
                                 std::string_view password = "secret", uint8_t interface_version = 0x34,
                                 Millis timeout = kDefaultReadTimeout);
  std::optional<codec::Pdu> enquire_link(Millis timeout = kDefaultReadTimeout);
  std::optional<codec::Pdu> submit(std::string_view destination = "4915112345678", std::string_view text = "hello",
                                   Millis timeout = kDefaultReadTimeout);
  std::optional<codec::Pdu> unbind(Millis timeout = kDefaultReadTimeout);
  // An enquire_link round trip's duration, or nothing when no enquire_link_resp came in time.
  std::optional<Millis> round_trip(Millis timeout = kDefaultReadTimeout);

  // Waits for the peer to close the connection, throwing away whatever arrives first.
  CloseResult wait_closed(Millis timeout);
  // Closes our side (after which the client is not connected).
  void close();

  // PDUs read by call() and wait_response() that did not answer the request waited for.
  std::vector<codec::Pdu>& others() { return others_; }
  int fd() const { return fd_; }

 private:
  enum class IoResult : uint8_t { ok, timeout, closed };
  using Deadline = std::chrono::steady_clock::time_point;

  bool connect_tcp(uint16_t port, const SmppTestClientOptions& options);
  bool handshake_tls(const TlsClientOptions& tls, Deadline deadline);
  IoResult wait_io(short events, Deadline deadline);
  // Reads what is there (at least one octet) into inbox_.
  IoResult read_some(Deadline deadline);
  IoResult write_all(std::span<const uint8_t> bytes, Deadline deadline);

  int fd_ = -1;
  bool connected_ = false;
  std::string error_;
  struct Tls;
  std::unique_ptr<Tls> tls_;
  std::vector<uint8_t> inbox_;
  uint32_t last_sequence_ = 0;
  std::vector<codec::Pdu> others_;
};

// The first flight of a TLS 1.2/1.3 client (a ClientHello record), made by OpenSSL in memory: what
// a TLS client sends to a port that turns out to speak plain SMPP.
std::string tls_client_hello();

// Builds the PDU a test usually sends; sequence_number left 0 for call() to fill in.
codec::Pdu make_bind(codec::CommandId bind_command, std::string_view system_id, std::string_view password,
                     uint8_t interface_version = 0x34);
codec::Pdu make_submit_sm(std::string_view destination = "4915112345678", std::string_view text = "hello");

// "submit_sm_resp ESME_RINVDSTADR (0x0000000B) seq 7", for assertion messages.
std::string describe(const codec::Pdu& pdu);
std::string describe(const std::optional<codec::Pdu>& pdu);

}  // namespace smppd::testing
