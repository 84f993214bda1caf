#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "host/codec/pdu.h"
#include "host/codec/pdu_decoder.h"
#include "host/server/transport.h"
#include "host/stats/stats_store.h"

namespace smppd::smpp {

// Timers and limits of one SMPP connection, either side.
struct ConnectionSettings {
  std::chrono::milliseconds enquire_link_interval{30000};  // 0: never probe an idle peer
  std::chrono::milliseconds inactivity_timeout{120000};    // 0: never close an idle peer
  std::chrono::milliseconds response_timeout{10000};       // our requests; a PDU begun must complete
  uint32_t max_command_length = 16 * 1024;
  uint8_t max_password_length = 9;
  uint32_t max_consecutive_errors = 5;
  codec::DecodeOptions decode;
};

// What a connection counts, owned by its listener or cluster.
struct ConnectionCounters {
  stats::Metric* pdu_malformed = nullptr;
  stats::Metric* pdu_unexpected_response = nullptr;
  stats::Metric* closed_malformed = nullptr;
  stats::Metric* closed_timeout = nullptr;
  stats::Metric* handshake_failed = nullptr;
};

// One SMPP connection, whichever side of it smppd is on: framing with every length checked,
// decoding, the answers the spec prescribes for broken PDUs, a batched outbox, our own requests
// with their sequence numbers and response timeouts, enquire_link when idle, and the timers that
// close a dead or stalled peer. Client sessions (MC side) and upstream binds (ESME side) add
// their state machines on top. Lives on one executor (a worker); every member runs there.
class SmppConnection : public std::enable_shared_from_this<SmppConnection> {
 public:
  using Clock = std::chrono::steady_clock;
  // Called once with the response, or nullptr when none came in time or the connection closed.
  using ResponseHandler = std::function<void(const codec::Pdu* response)>;

  SmppConnection(std::unique_ptr<server::Transport> transport, boost::asio::any_io_executor executor,
                 ConnectionSettings settings, ConnectionCounters counters);
  virtual ~SmppConnection();
  SmppConnection(const SmppConnection&) = delete;
  SmppConnection& operator=(const SmppConnection&) = delete;

  // Handshake (TLS), then reading, writing and the timers.
  void start();

  void send(const codec::Pdu& pdu);
  // The request's _resp with `status` and no body (an error resp carries none, S34 §3.3).
  void answer(const codec::Pdu& request, uint32_t status);
  void send_generic_nack(uint32_t sequence_number, uint32_t status);
  // Sends a request of ours with the next sequence number; `on_response` runs exactly once.
  // Returns the sequence number used.
  uint32_t send_request(codec::Pdu request, ResponseHandler on_response,
                        std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  // The same for a request the caller keeps (to resend it after a throttle): no copy is made, and
  // its sequence_number is set to the one used. `now`: the caller's clock read, when it has one
  // (the deadline counts from it).
  uint32_t send_kept_request(codec::Pdu& request, ResponseHandler on_response,
                             std::optional<std::chrono::milliseconds> timeout = std::nullopt,
                             std::optional<Clock::time_point> now = std::nullopt);

  void close(std::string_view reason);
  // Writes what is queued, then closes.
  void close_after_flush(std::string_view reason);
  bool closed() const { return closed_; }
  bool closing() const { return closed_ || closing_after_flush_; }
  size_t outstanding() const { return outstanding_.size(); }
  const ConnectionSettings& settings() const { return settings_; }
  boost::asio::any_io_executor executor() { return writer_wake_.get_executor(); }

 protected:
  // A decoded request from the peer (enquire_link is answered here and never reaches it). On the
  // heap from the start: a request outlives this call in the coroutine that serves it, and a
  // Pdu (550 octets, some 16 strings) moved there twice cost more than the allocation.
  virtual void on_request(std::unique_ptr<codec::Pdu> request) = 0;
  // The connection closed (once): end what depends on it.
  virtual void on_closed(std::string_view reason) = 0;
  // A response matching none of our requests (after counting it).
  virtual void on_unexpected_response(const codec::Pdu& response);
  // True while the peer's requests must wait: reading stops until wake_reader().
  virtual bool reading_paused() const { return false; }
  // Whether enquire_link probes an idle peer now (bound states only).
  virtual bool keepalive_active() const = 0;
  // A deadline of the subclass (a bind timeout): when it passes, on_deadline() runs.
  virtual Clock::time_point deadline() const { return Clock::time_point::max(); }
  virtual void on_deadline() {}
  // Logging context: "listener smpp: session 7 from 127.0.0.1".
  virtual std::string describe() const = 0;

  void wake_reader() { reader_wake_.cancel(); }
  // When the latest bytes came from the peer: the arrival of the requests read with them (one
  // clock read per read serves them all).
  Clock::time_point last_received() const { return last_received_; }
  // Re-plans the timers after deadline() or keepalive_active() changed.
  void wake_watchdog() { watchdog_timer_.cancel(); }
  server::Transport& transport() { return *transport_; }

 private:
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> watchdog();
  void on_frame(std::span<const uint8_t> frame);
  void on_malformed(const codec::PduHeader& header, const codec::DecodeError& error);
  void on_response(const codec::Pdu& response);
  uint32_t next_sequence();
  void count(stats::Metric* metric) {
    if (metric) metric->add(1);
  }

  std::unique_ptr<server::Transport> transport_;
  ConnectionSettings settings_;
  ConnectionCounters counters_;

  bool closed_ = false;
  bool closing_after_flush_ = false;
  std::string close_reason_;
  uint32_t consecutive_errors_ = 0;

  struct Outstanding {
    Clock::time_point deadline;
    ResponseHandler on_response;
  };
  std::map<uint32_t, Outstanding> outstanding_;
  uint32_t last_sequence_ = 0;
  bool enquire_link_outstanding_ = false;

  Clock::time_point last_received_;
  std::optional<Clock::time_point> partial_frame_since_;

  std::vector<uint8_t> outbox_;
  std::vector<uint8_t> writing_;
  boost::asio::steady_timer writer_wake_;
  boost::asio::steady_timer reader_wake_;
  boost::asio::steady_timer watchdog_timer_;
};

}  // namespace smppd::smpp
