#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "host/api/attribute_bag.h"
#include "host/api/session_info.h"
#include "host/codec/pdu.h"
#include "host/codec/pdu_decoder.h"
#include "host/filter/filter_chain.h"
#include "host/server/connection_limiter.h"
#include "host/server/listener_context.h"
#include "host/server/transport.h"

namespace smppd::server {

// One ESME connected to a listener: the SMPP session state machine of the MC side (S34 §2.3,
// S50 Table 2-1), its window of requests in flight, its timers, and the filter chain that decides
// binds and messages. Lives on one worker; every member runs there.
class ServerSession : public std::enable_shared_from_this<ServerSession> {
 public:
  enum class State : uint8_t { open, binding, bound_tx, bound_rx, bound_trx, unbinding, closed };
  using Clock = std::chrono::steady_clock;
  // Called with the response, or nullptr when none came in time or the session closed.
  using ResponseHandler = std::function<void(const codec::Pdu* response)>;

  ServerSession(std::shared_ptr<ListenerContext> listener, std::unique_ptr<Transport> transport,
                api::SessionInfo info, std::unique_ptr<ConnectionLimiter::Ticket> ticket,
                std::unordered_set<ServerSession*>& worker_sessions, boost::asio::any_io_executor executor);
  ~ServerSession();
  ServerSession(const ServerSession&) = delete;
  ServerSession& operator=(const ServerSession&) = delete;

  void start();
  // Graceful end: requests in flight get their resps, then unbind (waiting for unbind_resp up to
  // the response timeout), then close. An unbound session closes at once.
  void drain();
  void close(std::string_view reason);

  // Sends a request of ours to the client (enquire_link, and later deliver_sm), with our own
  // sequence number; `on_response` runs once.
  void send_request(codec::Pdu request, ResponseHandler on_response);

  State state() const { return state_; }
  bool bound() const { return state_ == State::bound_tx || state_ == State::bound_rx || state_ == State::bound_trx; }
  const api::SessionInfo& info() const { return info_; }
  uint32_t requests_in_flight() const { return in_flight_; }

 private:
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> watchdog();
  boost::asio::awaitable<void> process_bind(codec::Pdu request);
  boost::asio::awaitable<void> process_message(codec::Pdu request);
  boost::asio::awaitable<void> drain_then_unbind();

  void on_frame(std::span<const uint8_t> frame);
  void on_malformed(const codec::PduHeader& header, const codec::DecodeError& error);
  void on_request(codec::Pdu request);
  void on_response(const codec::Pdu& response);
  void finish_client_unbind();
  bool may_submit() const;

  void send(const codec::Pdu& pdu);
  void answer(const codec::Pdu& request, uint32_t status);
  void send_generic_nack(uint32_t sequence_number, uint32_t status);
  void close_after_flush(std::string_view reason);
  uint32_t next_sequence();
  void request_done(uint32_t sequence_number);
  void wake_reader();

  std::shared_ptr<ListenerContext> listener_;
  const SessionSettings& settings_;
  ListenerStats& stats_;
  std::unique_ptr<Transport> transport_;
  api::SessionInfo info_;
  std::unique_ptr<ConnectionLimiter::Ticket> ticket_;
  std::unordered_set<ServerSession*>& worker_sessions_;
  filter::FilterChain chain_;
  api::AttributeBag session_attributes_;
  codec::DecodeOptions decode_options_;

  State state_ = State::open;
  bool closed_ = false;
  bool closing_after_flush_ = false;
  bool draining_ = false;
  std::string close_reason_;

  // The client's requests being decided (filters, dispatch): the window.
  uint32_t in_flight_ = 0;
  std::unordered_set<uint32_t> in_flight_sequences_;
  uint32_t unbind_sequence_ = 0;
  uint32_t consecutive_errors_ = 0;

  // Our requests to the client, by our sequence number.
  struct Outstanding {
    Clock::time_point deadline;
    ResponseHandler on_response;
  };
  std::map<uint32_t, Outstanding> outstanding_;
  uint32_t last_sequence_ = 0;
  bool enquire_link_outstanding_ = false;

  Clock::time_point connected_at_;
  Clock::time_point last_received_;
  std::optional<Clock::time_point> partial_frame_since_;

  std::vector<uint8_t> outbox_;
  std::vector<uint8_t> writing_;
  boost::asio::steady_timer writer_wake_;
  boost::asio::steady_timer reader_wake_;
  boost::asio::steady_timer watchdog_timer_;
};

}  // namespace smppd::server
