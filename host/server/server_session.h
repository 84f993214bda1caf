#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>

#include "host/api/attribute_bag.h"
#include "host/api/session_info.h"
#include "host/codec/pdu.h"
#include "host/filter/filter_chain.h"
#include "host/receipts/client_registry.h"
#include "host/server/connection_limiter.h"
#include "host/server/listener_context.h"
#include "host/smpp/smpp_connection.h"

namespace smppd::server {

// One ESME connected to a listener: the MC side of the SMPP session state machine (S34 §2.3, S50
// Table 2-1), its window of requests in flight, and the filter chain that decides binds and
// messages; framing, timers and our own requests come from SmppConnection. Lives on one worker.
class ServerSession final : public smpp::SmppConnection, public receipts::ReceiverSession {
 public:
  enum class State : uint8_t { open, binding, bound_tx, bound_rx, bound_trx, unbinding, closed };

  ServerSession(std::shared_ptr<ListenerContext> listener, std::unique_ptr<Transport> transport,
                api::SessionInfo info, std::unique_ptr<ConnectionLimiter::Ticket> ticket,
                std::unordered_set<ServerSession*>& worker_sessions, boost::asio::any_io_executor executor);
  ~ServerSession() override;

  void start();
  // Graceful end: requests in flight get their resps, then unbind (waiting for unbind_resp up to
  // the response timeout), then close. An unbound session closes at once.
  void drain();
  // A receipt or MO for this client (receiver or transceiver binds only).
  void deliver(codec::Pdu message, std::function<void(bool accepted)> done) override;

  State state() const { return state_; }
  bool bound() const { return state_ == State::bound_tx || state_ == State::bound_rx || state_ == State::bound_trx; }
  const api::SessionInfo& info() const { return info_; }
  uint32_t requests_in_flight() const { return in_flight_; }
  uint32_t window() const { return settings_.window; }
  uint64_t requests_total() const { return requests_total_; }
  uint64_t delivers_total() const { return delivers_total_; }
  Clock::time_point connected_at() const { return connected_at_; }

 protected:
  void on_request(std::unique_ptr<codec::Pdu> request) override;
  void on_closed(std::string_view reason) override;
  bool reading_paused() const override { return in_flight_ >= listener_->settings.window; }
  bool keepalive_active() const override { return bound(); }
  Clock::time_point deadline() const override;
  void on_deadline() override;
  std::string describe() const override;

 private:
  boost::asio::awaitable<void> process_bind(codec::Pdu request);
  // By pointer: the request crosses a spawn and a coroutine frame, and a PDU is some 600 octets.
  boost::asio::awaitable<void> process_message(std::unique_ptr<codec::Pdu> request);
  // The end of process_message, outside the coroutine: a coroutine's frame holds every local of
  // every path, and a frame above 1 KiB is a large allocation for every message.
  void answer_message(smppd_call& call, const filter::ChainVerdict& verdict, Dispatched dispatched);
  // A filter stopped the request: answered with its status.
  void answer_refused(smppd_call& call, const filter::ChainVerdict& verdict);
  boost::asio::awaitable<void> drain_then_unbind();
  void request_done(uint32_t sequence_number);
  void finish_client_unbind();
  bool may_submit() const { return state_ == State::bound_tx || state_ == State::bound_trx; }
  bool may_receive() const { return state_ == State::bound_rx || state_ == State::bound_trx; }
  std::shared_ptr<ServerSession> self() { return std::static_pointer_cast<ServerSession>(shared_from_this()); }

  std::shared_ptr<ListenerContext> listener_;
  const SessionSettings& settings_;
  ListenerStats& stats_;
  api::SessionInfo info_;
  std::unique_ptr<ConnectionLimiter::Ticket> ticket_;
  std::unordered_set<ServerSession*>& worker_sessions_;
  filter::FilterChain chain_;
  api::AttributeBag session_attributes_;

  State state_ = State::open;
  bool draining_ = false;
  bool submits_until_unbound_ = false;  // our unbind is out; the client's submits crossing it count
  bool close_when_idle_ = false;        // the client answered our unbind; close after the last resp
  bool registered_receiver_ = false;
  Clock::time_point connected_at_;

  // The client's requests being decided (filters, dispatch): the window.
  uint32_t in_flight_ = 0;
  std::unordered_set<uint32_t> in_flight_sequences_;
  uint32_t unbind_sequence_ = 0;
  uint64_t requests_total_ = 0;  // for /sessions
  uint64_t delivers_total_ = 0;
};

}  // namespace smppd::server
