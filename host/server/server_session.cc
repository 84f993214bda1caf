#include "host/server/server_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "host/api/call.h"
#include "host/async/monotonic_clock.h"
#include "host/codec/command_status.h"
#include "host/codec/tlv_tag.h"
#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"

namespace smppd::server {

namespace asio = boost::asio;
using codec::CommandId;
namespace status = codec::status;

namespace {

constexpr uint8_t kInterfaceVersion34 = 0x34;

const auto& log() {
  static const auto logger = logging::get("session");
  return logger;
}

bool is_bind(CommandId id) {
  return id == CommandId::bind_transmitter || id == CommandId::bind_receiver || id == CommandId::bind_transceiver;
}

// Requests an ESME sends to submit or manage messages (S50 Table 2-1: allowed in BOUND_TX and
// BOUND_TRX only).
bool is_message_request(CommandId id) {
  switch (id) {
    case CommandId::submit_sm:
    case CommandId::submit_multi:
    case CommandId::data_sm:
    case CommandId::query_sm:
    case CommandId::cancel_sm:
    case CommandId::replace_sm:
    case CommandId::broadcast_sm:
    case CommandId::query_broadcast_sm:
    case CommandId::cancel_broadcast_sm:
      return true;
    default:
      return false;
  }
}

int32_t bind_type_of(CommandId id) {
  switch (id) {
    case CommandId::bind_transmitter: return SMPPD_BIND_TRANSMITTER;
    case CommandId::bind_receiver: return SMPPD_BIND_RECEIVER;
    default: return SMPPD_BIND_TRANSCEIVER;
  }
}

smpp::ConnectionSettings connection_settings(const SessionSettings& session) {
  smpp::ConnectionSettings settings;
  settings.enquire_link_interval = session.enquire_link_interval;
  settings.inactivity_timeout = session.inactivity_timeout;
  settings.response_timeout = session.response_timeout;
  settings.max_command_length = session.max_command_length;
  settings.max_password_length = session.max_password_length;
  settings.max_consecutive_errors = session.max_consecutive_errors;
  settings.decode.max_password_length = session.max_password_length;
  // A client must not send both: which one would the upstream act on?
  settings.decode.refuse_short_message_with_payload = true;
  return settings;
}

smpp::ConnectionCounters connection_counters(ListenerStats& stats) {
  return {&stats.pdu_malformed, &stats.pdu_unexpected_response, &stats.session_closed_malformed,
          &stats.session_closed_timeout, &stats.downstream_cx_tls_error};
}

}  // namespace

ServerSession::ServerSession(std::shared_ptr<ListenerContext> listener, std::unique_ptr<Transport> transport,
                             api::SessionInfo info, std::unique_ptr<ConnectionLimiter::Ticket> ticket,
                             std::unordered_set<ServerSession*>& worker_sessions, asio::any_io_executor executor)
    : SmppConnection(std::move(transport), std::move(executor), connection_settings(listener->settings),
                     connection_counters(*listener->stats)),
      listener_(std::move(listener)),
      settings_(listener_->settings),
      stats_(*listener_->stats),
      info_(std::move(info)),
      ticket_(std::move(ticket)),
      worker_sessions_(worker_sessions),
      chain_(listener_->filters, info_),
      connected_at_(Clock::now()) {
  stats_.downstream_cx_total.add(1);
  stats_.downstream_cx_active.add(1);
  worker_sessions_.insert(this);
}

ServerSession::~ServerSession() {
  worker_sessions_.erase(this);
  stats_.downstream_cx_active.add(-1);
}

void ServerSession::start() {
  if (!chain_.ready()) {
    log()->error("{}: {}", describe(), chain_.error());
    close("filter chain unavailable");
    return;
  }
  SmppConnection::start();
}

std::string ServerSession::describe() const {
  return "listener " + info_.listener + ": session " + std::to_string(info_.session_id) + " from " + info_.peer_address;
}

ServerSession::Clock::time_point ServerSession::deadline() const {
  return state_ == State::open || state_ == State::binding ? connected_at_ + settings_.bind_timeout
                                                           : Clock::time_point::max();
}

void ServerSession::on_deadline() {
  stats_.session_closed_timeout.add(1);
  close("no bind within bind_timeout");
}

// ---- requests ------------------------------------------------------------------------------

void ServerSession::on_request(std::unique_ptr<codec::Pdu> owned) {
  codec::Pdu& request = *owned;
  stats_.request_total.add(1);
  ++requests_total_;
  const CommandId id = request.command_id;
  if (in_flight_sequences_.contains(request.sequence_number) ||
      (state_ == State::unbinding && request.sequence_number == unbind_sequence_)) {
    // Two requests in flight with one sequence number: the client could not tell their resps
    // apart, so the second one is refused at the header level.
    send_generic_nack(request.sequence_number, status::kUnknownErr);
    return;
  }
  if (is_bind(id)) {
    if (state_ != State::open) {
      answer(request, status::kAlyBnd);
      return;
    }
    state_ = State::binding;
    asio::co_spawn(executor(), [self = self(), request = std::move(request)]() mutable {
      return self->process_bind(std::move(request));
    }, log_exceptions("bind"));
    return;
  }
  if (id == CommandId::unbind) {
    if (!bound()) {
      answer(request, status::kInvBndSts);
      return;
    }
    state_ = State::unbinding;
    unbind_sequence_ = request.sequence_number;
    if (in_flight_ == 0) finish_client_unbind();  // else the last resp in flight finishes it
    return;
  }
  if (id == CommandId::outbind || id == CommandId::alert_notification) {
    send_generic_nack(request.sequence_number, status::kInvBndSts);  // MC-only PDUs without a resp
    return;
  }
  if (!is_message_request(id) || !(may_submit() || submits_until_unbound_)) {
    // deliver_sm from an ESME, or a submit on a receiver bind or before bind.
    answer(request, status::kInvBndSts);
    return;
  }
  ++in_flight_;
  in_flight_sequences_.insert(request.sequence_number);
  if (in_flight_ >= settings_.window) stats_.request_window_full.add(1);
  asio::co_spawn(executor(), [self = self(), request = std::move(owned)]() mutable {
    return self->process_message(std::move(request));
  }, log_exceptions("request"));
}

asio::awaitable<void> ServerSession::process_bind(codec::Pdu request) {
  if (!listener_->bind_throttle->try_acquire(info_.peer_address)) {
    stats_.bind_throttled.add(1);
    state_ = State::open;
    answer(request, status::kThrottled);
    co_return;
  }
  info_.interface_version = request.interface_version;
  smppd_call call(request, info_, session_attributes_);
  call.now_ns = async::nanoseconds_of(last_received());
  const filter::ChainVerdict verdict = co_await chain_.run(call, status::kBindFail);
  if (closed() || verdict.kind == filter::ChainVerdict::abandoned) {
    chain_.complete(call, verdict, nullptr);
    co_return;
  }

  uint32_t refusal = 0;
  if (verdict.kind == filter::ChainVerdict::stop) {
    refusal = verdict.status != status::kOk ? verdict.status : status::kBindFail;
  } else if (!settings_.allow_unauthenticated && session_attributes_.find_string(SMPPD_ATTR_PRINCIPAL) == nullptr) {
    log()->warn("{}: bind of '{}' refused: no filter authenticated it (allow_unauthenticated is off)", describe(),
                request.system_id);
    refusal = status::kBindFail;
  }
  codec::Pdu response;
  response.command_id = codec::response_of(request.command_id);
  response.sequence_number = request.sequence_number;
  if (refusal != 0) {
    stats_.bind_failure.add(1);
    state_ = State::open;
    log()->info("{}: bind of '{}' refused with {} (0x{:08X}){}", describe(), request.system_id,
                codec::command_status_name(refusal), refusal, verdict.filter.empty() ? "" : " by " + verdict.filter);
    response.command_status = refusal;
    response.body_absent = true;  // an error resp carries no body (S34 §3.3)
  } else {
    const CommandId id = request.command_id;
    state_ = id == CommandId::bind_transmitter ? State::bound_tx
             : id == CommandId::bind_receiver  ? State::bound_rx
                                               : State::bound_trx;
    info_.bind_type = bind_type_of(id);
    info_.system_id = request.system_id;
    wake_watchdog();  // from the bind timeout to enquire_link planning
    stats_.bind_success.add(1);
    log()->info("{}: bound as {} ({})", describe(), info_.system_id, codec::command_name(id));
    response.system_id = settings_.system_id;
    // TLVs only to peers of v3.4 or later (S34 §5.3); this one says which version we speak.
    if (request.interface_version >= kInterfaceVersion34) {
      response.tlvs.set_u8(codec::tlv::kScInterfaceVersion, kInterfaceVersion34);
    }
  }
  send(response);
  smppd_message response_handle(response);
  chain_.complete(call, verdict, &response_handle);
  if (refusal == 0 && may_receive() && listener_->receivers != nullptr) {
    // Receipts and MO for this client may come here now (and what waited in its outbox).
    registered_receiver_ = true;
    listener_->receivers->add(info_.system_id, receipts::Receiver{info_.session_id, self(), executor()});
  }
}

asio::awaitable<void> ServerSession::process_message(std::unique_ptr<codec::Pdu> owned) {
  codec::Pdu& request = *owned;
  const uint32_t sequence = request.sequence_number;
  smppd_call call(request, info_, session_attributes_);
  call.routes = listener_->dispatcher.get();  // filters may ask where it would go
  call.now_ns = async::nanoseconds_of(last_received());
  const filter::ChainVerdict verdict = co_await chain_.run(call, status::kSysErr);
  if (closed() || verdict.kind == filter::ChainVerdict::abandoned) {
    chain_.complete(call, verdict, nullptr);
    request_done(sequence);
    co_return;
  }
  if (verdict.kind == filter::ChainVerdict::stop) {
    answer_refused(call, verdict);
    co_return;
  }
  answer_message(call, verdict, co_await listener_->dispatcher->dispatch(call));
}

void ServerSession::answer_refused(smppd_call& call, const filter::ChainVerdict& verdict) {
  Dispatched refused;
  refused.command_status = verdict.status != status::kOk ? verdict.status : status::kSysErr;
  answer_message(call, verdict, std::move(refused));
}

void ServerSession::answer_message(smppd_call& call, const filter::ChainVerdict& verdict, Dispatched dispatched) {
  const codec::Pdu& request = *call.message.pdu;
  const uint32_t sequence = request.sequence_number;
  codec::Pdu response;
  response.command_id = codec::response_of(request.command_id);
  response.command_status = dispatched.command_status;
  response.body_absent = dispatched.command_status != status::kOk;  // an error resp carries no body (S34 §3.3)
  response.message_id = std::move(dispatched.message_id);
  response.sequence_number = sequence;
  if (!closed()) send(response);
  // Also when the session closed: the upstream took the message, its receipt still belongs to
  // the client (it waits in the outbox).
  if (dispatched.after_send) dispatched.after_send();
  // The resp is known also when the session closed meanwhile: the upstream took the message (or
  // refused it), and a filter that charged for it must see which (filter.h: NULL only when no resp
  // was ever known).
  smppd_message response_handle(response);
  chain_.complete(call, verdict, &response_handle);
  request_done(sequence);
}

void ServerSession::request_done(uint32_t sequence_number) {
  --in_flight_;
  in_flight_sequences_.erase(sequence_number);
  wake_reader();
  if (state_ == State::unbinding && in_flight_ == 0 && unbind_sequence_ != 0) finish_client_unbind();
  if (close_when_idle_ && in_flight_ == 0) close_after_flush("unbound by smppd");
}

void ServerSession::finish_client_unbind() {
  codec::Pdu response;
  response.command_id = CommandId::unbind_resp;
  response.sequence_number = unbind_sequence_;
  send(response);
  close_after_flush("unbound by the client");
}

// ---- to the client -------------------------------------------------------------------------

void ServerSession::deliver(codec::Pdu message, std::function<void(bool accepted)> done) {
  if (closing() || !may_receive()) {
    done(false);
    return;
  }
  ++delivers_total_;
  // Never TLVs to a peer that bound below v3.4 (S34 §5.3).
  if (info_.interface_version < kInterfaceVersion34) message.tlvs.clear();
  send_request(std::move(message), [done = std::move(done)](const codec::Pdu* response) {
    done(response != nullptr && response->command_status == status::kOk);
  });
}

void ServerSession::on_closed(std::string_view) {
  state_ = State::closed;
  chain_.cancel_all();
  if (registered_receiver_) listener_->receivers->remove(info_.system_id, info_.session_id);
}

// ---- draining ------------------------------------------------------------------------------

void ServerSession::drain() {
  if (closed() || draining_) return;
  draining_ = true;
  if (!bound()) {
    close("draining");
    return;
  }
  asio::co_spawn(executor(), [self = self()] { return self->drain_then_unbind(); }, log_exceptions("drain"));
}

asio::awaitable<void> ServerSession::drain_then_unbind() {
  // The resps in flight go out first; then we ask the client to unbind.
  asio::steady_timer wait(executor());
  const auto give_up = Clock::now() + settings_.response_timeout;
  while (!closed() && in_flight_ > 0 && Clock::now() < give_up) {
    wait.expires_after(std::chrono::milliseconds(20));
    co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (closed() || !bound()) co_return;
  // Submits the client sent before it read our unbind still get their resps (a hot restart loses
  // nothing); the connection closes once the client answered and the last of them is done.
  submits_until_unbound_ = may_submit();
  state_ = State::unbinding;
  codec::Pdu unbind;
  unbind.command_id = CommandId::unbind;
  std::weak_ptr<ServerSession> weak = self();
  send_request(std::move(unbind), [weak](const codec::Pdu*) {
    auto session = weak.lock();
    if (!session) return;
    session->close_when_idle_ = true;
    if (session->in_flight_ == 0) session->close_after_flush("unbound by smppd");
  });
}

}  // namespace smppd::server
