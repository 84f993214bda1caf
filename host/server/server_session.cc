#include "host/server/server_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstring>

#include "host/api/call.h"
#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_encoder.h"
#include "host/codec/tlv_tag.h"
#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"

namespace smppd::server {

namespace asio = boost::asio;
using codec::CommandId;
namespace status = codec::status;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// A session's read buffer starts small, so that thousands of idle sessions cost little, and grows
// while the client sends a lot, up to the largest PDU plus one more read.
constexpr size_t kInitialReadBuffer = 4096;
constexpr size_t kMaxReadChunk = 64 * 1024;
// Beyond this many bytes not yet written, the client is not reading its resps: stop reading its
// requests rather than buffer without limit.
constexpr size_t kMaxOutboxBytes = 1024 * 1024;
constexpr uint32_t kMaxSequence = 0x7FFFFFFF;
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

}  // namespace

ServerSession::ServerSession(std::shared_ptr<ListenerContext> listener, std::unique_ptr<Transport> transport,
                             api::SessionInfo info, std::unique_ptr<ConnectionLimiter::Ticket> ticket,
                             std::unordered_set<ServerSession*>& worker_sessions, asio::any_io_executor executor)
    : listener_(std::move(listener)),
      settings_(listener_->settings),
      stats_(*listener_->stats),
      transport_(std::move(transport)),
      info_(std::move(info)),
      ticket_(std::move(ticket)),
      worker_sessions_(worker_sessions),
      chain_(listener_->filters, info_),
      writer_wake_(executor),
      reader_wake_(executor),
      watchdog_timer_(executor) {
  decode_options_.max_password_length = settings_.max_password_length;
  decode_options_.refuse_short_message_with_payload = true;
  connected_at_ = last_received_ = Clock::now();
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
    log()->error("listener {}: session {} from {}: {}", info_.listener, info_.session_id, info_.peer_address,
                 chain_.error());
    close("filter chain unavailable");
    return;
  }
  auto self = shared_from_this();
  const auto executor = writer_wake_.get_executor();
  asio::co_spawn(executor, [self] { return self->read_loop(); }, log_exceptions("session read loop"));
  asio::co_spawn(executor, [self] { return self->write_loop(); }, log_exceptions("session write loop"));
  asio::co_spawn(executor, [self] { return self->watchdog(); }, log_exceptions("session watchdog"));
}

// ---- reading -------------------------------------------------------------------------------

asio::awaitable<void> ServerSession::read_loop() {
  if (const auto ec = co_await transport_->handshake()) {
    stats_.downstream_cx_tls_error.add(1);
    close("TLS handshake failed: " + ec.message());
    co_return;
  }
  const codec::FrameLimits limits{settings_.max_command_length};
  std::vector<uint8_t> buffer(kInitialReadBuffer);
  size_t begin = 0;
  size_t end = 0;
  for (;;) {
    // Every complete PDU in the buffer, as long as the window and the outbox have room.
    uint32_t needed = 0;
    bool consumed_a_frame = false;
    while (!closed_ && !closing_after_flush_) {
      if (in_flight_ >= settings_.window || outbox_.size() > kMaxOutboxBytes) {
        if (in_flight_ >= settings_.window) stats_.request_window_full.add(1);
        reader_wake_.expires_at(asio::steady_timer::time_point::max());
        co_await reader_wake_.async_wait(kNoThrow);
        continue;
      }
      const codec::Frame frame = codec::next_frame({buffer.data() + begin, end - begin}, limits);
      if (frame.state == codec::FrameState::complete) {
        on_frame({buffer.data() + begin, frame.length});
        begin += frame.length;
        consumed_a_frame = true;
        continue;
      }
      if (frame.state == codec::FrameState::invalid) {
        // Framing is lost (HTTP, TLS on a plain port, a length beyond the limit): say why, then close.
        // The header is not an SMPP header, so its sequence_number means nothing: answer with 0.
        stats_.pdu_malformed.add(1);
        stats_.session_closed_malformed.add(1);
        send_generic_nack(0, status::kInvCmdLen);
        close_after_flush("command_length outside 16.." + std::to_string(settings_.max_command_length));
        co_return;
      }
      needed = frame.length;
      break;
    }
    if (closed_ || closing_after_flush_) co_return;

    // A PDU begun must be complete within the response timeout, however slowly it trickles in
    // (a header then a stall would otherwise hold the session until the inactivity timeout).
    if (begin == end) {
      begin = end = 0;
      partial_frame_since_.reset();
    } else if (consumed_a_frame || !partial_frame_since_) {
      partial_frame_since_ = Clock::now();
      if (*partial_frame_since_ + settings_.response_timeout < watchdog_timer_.expiry()) watchdog_timer_.cancel();
    }
    // Keep the unread part at the front, and room for the PDU being read.
    if (begin > 0) {
      std::memmove(buffer.data(), buffer.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    if (needed > buffer.size()) {
      buffer.resize(needed);
    } else if (end == buffer.size() && buffer.size() < kMaxReadChunk) {
      buffer.resize(std::min(buffer.size() * 2, kMaxReadChunk));
    }

    auto [ec, n] = co_await transport_->read_some(asio::buffer(buffer.data() + end, buffer.size() - end));
    if (ec) {
      close(ec == asio::error::eof ? "closed by the client" : "read failed: " + ec.message());
      co_return;
    }
    end += n;
    last_received_ = Clock::now();
  }
}

void ServerSession::on_frame(std::span<const uint8_t> frame) {
  codec::Pdu pdu;
  const codec::DecodeError error = codec::decode_pdu(frame, pdu, decode_options_);
  if (error.failed()) {
    codec::PduHeader header;
    codec::decode_header(frame, header);
    on_malformed(header, error);
    return;
  }
  consecutive_errors_ = 0;
  if (codec::is_response(pdu.command_id)) {
    on_response(pdu);
  } else {
    on_request(std::move(pdu));
  }
}

void ServerSession::on_malformed(const codec::PduHeader& header, const codec::DecodeError& error) {
  stats_.pdu_malformed.add(1);
  const bool response = (header.command_id & codec::kResponseBit) != 0;
  log()->debug("listener {}: session {} from {}: malformed PDU 0x{:08X}: {}", info_.listener, info_.session_id,
               info_.peer_address, header.command_id, codec::describe(error));
  // A response is never answered, not even a broken one (S34 §3.3).
  if (!response) {
    switch (error.kind) {
      case codec::DecodeErrorKind::command_length_invalid:
        send_generic_nack(header.sequence_number <= kMaxSequence ? header.sequence_number : 0, status::kInvCmdLen);
        stats_.session_closed_malformed.add(1);
        close_after_flush("command_length disagrees with the PDU");
        return;
      case codec::DecodeErrorKind::unknown_command_id:
        send_generic_nack(header.sequence_number <= kMaxSequence ? header.sequence_number : 0, status::kInvCmdId);
        break;
      case codec::DecodeErrorKind::invalid_sequence_number:
        send_generic_nack(0, error.command_status);
        break;
      default: {
        codec::Pdu request;
        request.command_id = static_cast<CommandId>(header.command_id);
        request.sequence_number = header.sequence_number;
        answer(request, error.command_status);
      }
    }
  }
  if (++consecutive_errors_ >= settings_.max_consecutive_errors) {
    stats_.session_closed_malformed.add(1);
    close_after_flush(std::to_string(consecutive_errors_) + " malformed PDUs in a row");
  }
}

void ServerSession::on_request(codec::Pdu request) {
  stats_.request_total.add(1);
  const CommandId id = request.command_id;
  if (id == CommandId::enquire_link) {
    // Answered in every state and even with a full window (v5.0 allows it before bind too).
    codec::Pdu response;
    response.command_id = CommandId::enquire_link_resp;
    response.sequence_number = request.sequence_number;
    send(response);
    return;
  }
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
    auto self = shared_from_this();
    asio::co_spawn(writer_wake_.get_executor(), [self, request = std::move(request)]() mutable {
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
  if (!is_message_request(id) || !may_submit()) {
    // deliver_sm from an ESME, or a submit on a receiver bind or before bind.
    answer(request, status::kInvBndSts);
    return;
  }
  ++in_flight_;
  in_flight_sequences_.insert(request.sequence_number);
  auto self = shared_from_this();
  asio::co_spawn(writer_wake_.get_executor(), [self, request = std::move(request)]() mutable {
    return self->process_message(std::move(request));
  }, log_exceptions("request"));
}

bool ServerSession::may_submit() const { return state_ == State::bound_tx || state_ == State::bound_trx; }

void ServerSession::on_response(const codec::Pdu& response) {
  auto it = outstanding_.find(response.sequence_number);
  if (it == outstanding_.end()) {
    stats_.pdu_unexpected_response.add(1);
    log()->debug("listener {}: session {}: {} with sequence {} matches no request of ours", info_.listener,
                 info_.session_id, codec::command_name(response.command_id), response.sequence_number);
    return;
  }
  ResponseHandler handler = std::move(it->second.on_response);
  outstanding_.erase(it);
  if (handler) handler(&response);
}

// ---- requests ------------------------------------------------------------------------------

asio::awaitable<void> ServerSession::process_bind(codec::Pdu request) {
  if (!listener_->bind_throttle->try_acquire(info_.peer_address)) {
    stats_.bind_throttled.add(1);
    state_ = State::open;
    answer(request, status::kThrottled);
    co_return;
  }
  info_.interface_version = request.interface_version;
  smppd_call call(request, info_, session_attributes_);
  const filter::ChainVerdict verdict = co_await chain_.run(call, status::kBindFail);
  if (closed_ || verdict.kind == filter::ChainVerdict::abandoned) co_return;

  uint32_t refusal = 0;
  if (verdict.kind == filter::ChainVerdict::stop) {
    refusal = verdict.status != status::kOk ? verdict.status : status::kBindFail;
  } else if (!settings_.allow_unauthenticated && session_attributes_.find_string(SMPPD_ATTR_PRINCIPAL) == nullptr) {
    log()->warn("listener {}: bind of '{}' from {} refused: no filter authenticated it (allow_unauthenticated is off)",
                info_.listener, request.system_id, info_.peer_address);
    refusal = status::kBindFail;
  }
  if (refusal != 0) {
    stats_.bind_failure.add(1);
    state_ = State::open;
    log()->info("listener {}: bind of '{}' from {} refused with {} (0x{:08X}){}", info_.listener, request.system_id,
                info_.peer_address, codec::command_status_name(refusal), refusal,
                verdict.filter.empty() ? "" : " by " + verdict.filter);
    answer(request, refusal);
    co_return;
  }

  const CommandId id = request.command_id;
  state_ = id == CommandId::bind_transmitter ? State::bound_tx
           : id == CommandId::bind_receiver  ? State::bound_rx
                                             : State::bound_trx;
  info_.bind_type = bind_type_of(id);
  info_.system_id = request.system_id;
  stats_.bind_success.add(1);
  log()->info("listener {}: session {} from {} bound as {} ({})", info_.listener, info_.session_id,
              info_.peer_address, info_.system_id, codec::command_name(id));

  codec::Pdu response;
  response.command_id = codec::response_of(id);
  response.sequence_number = request.sequence_number;
  response.system_id = settings_.system_id;
  // TLVs only to peers of v3.4 or later (S34 §5.3); this one says which version we speak.
  if (request.interface_version >= kInterfaceVersion34) {
    response.tlvs.set_u8(codec::tlv::kScInterfaceVersion, kInterfaceVersion34);
  }
  send(response);
}

asio::awaitable<void> ServerSession::process_message(codec::Pdu request) {
  const uint32_t sequence = request.sequence_number;
  smppd_call call(request, info_, session_attributes_);
  const filter::ChainVerdict verdict = co_await chain_.run(call, status::kSysErr);
  if (closed_ || verdict.kind == filter::ChainVerdict::abandoned) {
    request_done(sequence);
    co_return;
  }
  if (verdict.kind == filter::ChainVerdict::stop) {
    answer(request, verdict.status != status::kOk ? verdict.status : status::kSysErr);
  } else {
    codec::Pdu response = co_await listener_->dispatcher->dispatch(call);
    if (closed_) {
      request_done(sequence);
      co_return;
    }
    response.sequence_number = sequence;
    send(response);
  }
  request_done(sequence);
}

void ServerSession::request_done(uint32_t sequence_number) {
  --in_flight_;
  in_flight_sequences_.erase(sequence_number);
  wake_reader();
  if (state_ == State::unbinding && in_flight_ == 0 && unbind_sequence_ != 0) finish_client_unbind();
}

void ServerSession::finish_client_unbind() {
  codec::Pdu response;
  response.command_id = CommandId::unbind_resp;
  response.sequence_number = unbind_sequence_;
  send(response);
  close_after_flush("unbound by the client");
}

// ---- draining ------------------------------------------------------------------------------

void ServerSession::drain() {
  if (closed_ || draining_) return;
  draining_ = true;
  if (!bound()) {
    close("draining");
    return;
  }
  auto self = shared_from_this();
  asio::co_spawn(writer_wake_.get_executor(), [self] { return self->drain_then_unbind(); }, log_exceptions("drain"));
}

asio::awaitable<void> ServerSession::drain_then_unbind() {
  // The resps in flight go out first; then we ask the client to unbind.
  asio::steady_timer wait(writer_wake_.get_executor());
  const auto give_up = Clock::now() + settings_.response_timeout;
  while (!closed_ && in_flight_ > 0 && Clock::now() < give_up) {
    wait.expires_after(std::chrono::milliseconds(20));
    co_await wait.async_wait(kNoThrow);
  }
  if (closed_ || !bound()) co_return;
  state_ = State::unbinding;
  codec::Pdu unbind;
  unbind.command_id = CommandId::unbind;
  std::weak_ptr<ServerSession> weak = weak_from_this();
  send_request(std::move(unbind), [weak](const codec::Pdu*) {
    if (auto self = weak.lock()) self->close_after_flush("unbound by smppd");
  });
}

// ---- writing -------------------------------------------------------------------------------

void ServerSession::send(const codec::Pdu& pdu) {
  if (closed_) return;
  const size_t before = outbox_.size();
  const codec::EncodeError error = codec::encode_pdu(pdu, outbox_, {settings_.max_password_length});
  if (error.failed()) {
    // Something of ours produced a PDU the peer would refuse; a resp must still go out.
    log()->error("listener {}: session {}: cannot encode {}: {} {}", info_.listener, info_.session_id,
                 codec::command_name(pdu.command_id), codec::field_name(error.field), error.reason);
    if (codec::is_response(pdu.command_id)) {
      codec::Pdu fallback;
      fallback.command_id = pdu.command_id;
      fallback.command_status = status::kSysErr;
      fallback.sequence_number = pdu.sequence_number;
      fallback.body_absent = true;
      codec::encode_pdu(fallback, outbox_);
    }
  }
  if (before == 0 && !outbox_.empty()) writer_wake_.cancel();
}

void ServerSession::answer(const codec::Pdu& request, uint32_t command_status) {
  const CommandId response_id = codec::response_of(request.command_id);
  codec::Pdu response;
  response.command_id = response_id;
  response.command_status = command_status;
  response.sequence_number = request.sequence_number;
  // An error resp carries no body (S34 §3.3: "the body is not returned").
  response.body_absent = command_status != status::kOk;
  if (response_id == CommandId::generic_nack) response.body_absent = false;
  send(response);
}

void ServerSession::send_generic_nack(uint32_t sequence_number, uint32_t command_status) {
  codec::Pdu nack;
  nack.command_id = CommandId::generic_nack;
  nack.command_status = command_status;
  nack.sequence_number = sequence_number;
  send(nack);
}

void ServerSession::send_request(codec::Pdu request, ResponseHandler on_response) {
  if (closed_) {
    if (on_response) on_response(nullptr);
    return;
  }
  request.sequence_number = next_sequence();
  const auto deadline = Clock::now() + settings_.response_timeout;
  outstanding_[request.sequence_number] = Outstanding{deadline, std::move(on_response)};
  send(request);
  if (deadline < watchdog_timer_.expiry()) watchdog_timer_.cancel();
}

uint32_t ServerSession::next_sequence() {
  // 1..0x7FFFFFFF, then 1 again (S50 §4.7.24), skipping any still awaiting its resp.
  do {
    last_sequence_ = last_sequence_ >= kMaxSequence ? 1 : last_sequence_ + 1;
  } while (outstanding_.contains(last_sequence_));
  return last_sequence_;
}

asio::awaitable<void> ServerSession::write_loop() {
  while (!closed_) {
    if (outbox_.empty()) {
      if (closing_after_flush_) {
        close(close_reason_);
        co_return;
      }
      writer_wake_.expires_at(asio::steady_timer::time_point::max());
      co_await writer_wake_.async_wait(kNoThrow);
      continue;
    }
    writing_.swap(outbox_);
    const auto ec = co_await transport_->write(asio::buffer(writing_));
    writing_.clear();
    if (ec) {
      close("write failed: " + ec.message());
      co_return;
    }
    wake_reader();  // the outbox has room again
  }
}

void ServerSession::close_after_flush(std::string_view reason) {
  if (closed_ || closing_after_flush_) return;
  closing_after_flush_ = true;
  close_reason_ = std::string(reason);
  writer_wake_.cancel();
  wake_reader();
}

void ServerSession::wake_reader() { reader_wake_.cancel(); }

void ServerSession::close(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  state_ = State::closed;
  log()->debug("listener {}: session {} from {} closed: {}", info_.listener, info_.session_id, info_.peer_address, reason);
  transport_->close();
  chain_.cancel_all();
  writer_wake_.cancel();
  reader_wake_.cancel();
  watchdog_timer_.cancel();
  // Our requests still waiting end now, without a response.
  auto outstanding = std::move(outstanding_);
  outstanding_.clear();
  for (auto& [sequence, entry] : outstanding) {
    if (entry.on_response) entry.on_response(nullptr);
  }
}

// ---- timers --------------------------------------------------------------------------------

asio::awaitable<void> ServerSession::watchdog() {
  while (!closed_) {
    const auto now = Clock::now();
    auto next = Clock::time_point::max();
    auto expire = [&](Clock::time_point deadline, const char* reason) {
      if (now >= deadline) {
        stats_.session_closed_timeout.add(1);
        close(reason);
        return true;
      }
      next = std::min(next, deadline);
      return false;
    };
    if ((state_ == State::open || state_ == State::binding) && expire(connected_at_ + settings_.bind_timeout, "no bind within bind_timeout")) co_return;
    if (partial_frame_since_ && expire(*partial_frame_since_ + settings_.response_timeout, "a PDU stalled halfway")) co_return;
    if (expire(last_received_ + settings_.inactivity_timeout, "nothing received within inactivity_timeout")) co_return;

    // Our requests past their response timeout end without a response.
    std::vector<ResponseHandler> timed_out;
    for (auto it = outstanding_.begin(); it != outstanding_.end();) {
      if (now >= it->second.deadline) {
        timed_out.push_back(std::move(it->second.on_response));
        it = outstanding_.erase(it);
      } else {
        next = std::min(next, it->second.deadline);
        ++it;
      }
    }
    for (auto& handler : timed_out) {
      if (handler) handler(nullptr);
    }
    if (closed_) co_return;

    if (bound() && !enquire_link_outstanding_) {
      const auto idle_deadline = last_received_ + settings_.enquire_link_interval;
      if (now >= idle_deadline) {
        enquire_link_outstanding_ = true;
        codec::Pdu enquire;
        enquire.command_id = CommandId::enquire_link;
        std::weak_ptr<ServerSession> weak = weak_from_this();
        send_request(std::move(enquire), [weak](const codec::Pdu* response) {
          auto session = weak.lock();
          if (!session) return;
          session->enquire_link_outstanding_ = false;
          if (response == nullptr && !session->closed_) {
            session->stats_.session_closed_timeout.add(1);
            session->close("enquire_link_resp not received within response_timeout");
          }
        });
        continue;
      }
      next = std::min(next, idle_deadline);
    }
    watchdog_timer_.expires_at(next);
    co_await watchdog_timer_.async_wait(kNoThrow);
  }
}

}  // namespace smppd::server
