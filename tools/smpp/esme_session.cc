#include "tools/smpp/esme_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "host/async/no_throw.h"
#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_encoder.h"
#include "tools/smpp/print_exceptions.h"

namespace smppd::tools {

namespace asio = boost::asio;
using asio::ip::tcp;
using codec::CommandId;
namespace status = codec::status;

namespace {

using smppd::async::kNoThrow;
constexpr size_t kReadChunk = 64 * 1024;
// Beyond this many bytes not yet written the SMSC is not reading: stop reading its PDUs (and so
// producing resps) rather than buffer without limit.
constexpr size_t kMaxOutboxBytes = 1024 * 1024;
constexpr size_t kSequenceOffset = 12;
// SMPP v3.4 passwords are Cstr(9); longer ones are sent as given, the SMSC decides.
constexpr size_t kMaxPasswordWithNul = 255;

CommandId bind_command(BindType type) {
  switch (type) {
    case BindType::transmitter: return CommandId::bind_transmitter;
    case BindType::receiver: return CommandId::bind_receiver;
    case BindType::transceiver: return CommandId::bind_transceiver;
  }
  return CommandId::bind_transceiver;
}

void patch_u32(std::vector<uint8_t>& bytes, size_t at, uint32_t value) {
  bytes[at] = static_cast<uint8_t>(value >> 24);
  bytes[at + 1] = static_cast<uint8_t>(value >> 16);
  bytes[at + 2] = static_cast<uint8_t>(value >> 8);
  bytes[at + 3] = static_cast<uint8_t>(value);
}

// The watchdog's resolution: fine enough for the response timeout, cheap when idle.
std::chrono::steady_clock::duration watchdog_tick(const SessionOptions& options) {
  const auto shortest = std::min(options.response_timeout, options.enquire_link_interval);
  return std::clamp<std::chrono::steady_clock::duration>(shortest / 10, std::chrono::milliseconds(5), std::chrono::milliseconds(100));
}

}  // namespace

std::string_view send_result_name(SendResult result) {
  switch (result) {
    case SendResult::sent: return "sent";
    case SendResult::window_full: return "window full";
    case SendResult::not_bound: return "not bound";
    case SendResult::invalid_pdu: return "invalid PDU";
  }
  return "?";
}

std::shared_ptr<EsmeSession> EsmeSession::create(asio::any_io_executor executor, SessionOptions options) {
  return std::shared_ptr<EsmeSession>(new EsmeSession(std::move(executor), std::move(options)));
}

EsmeSession::EsmeSession(asio::any_io_executor executor, SessionOptions options)
    : executor_(executor),
      options_(std::move(options)),
      socket_(executor),
      window_(options_.window, options_.first_sequence_number),
      writer_wake_(executor, asio::steady_timer::time_point::max()),
      reader_wake_(executor, asio::steady_timer::time_point::max()),
      progress_wake_(executor, asio::steady_timer::time_point::max()),
      watchdog_timer_(executor) {
  // Real SMSCs use sequence numbers above 0x7FFFFFFF for their own requests; answer them anyway.
  decode_options_.accept_any_sequence_number = true;
  outbox_.reserve(kReadChunk);
  writing_.reserve(kReadChunk);
}

// Callbacks are not run from here: their owners (coroutine frames) may already be gone when an
// io_context is destroyed with the session in it.
EsmeSession::~EsmeSession() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

// ---- connecting and binding ------------------------------------------------------------------

asio::awaitable<BindResult> EsmeSession::connect_and_bind() {
  auto self = shared_from_this();
  BindResult result;
  if (state_ != State::idle) {
    result.error = "connect_and_bind called twice";
    co_return result;
  }
  state_ = State::connecting;
  const std::string where = fmt::format("{}:{}", options_.host, options_.port);

  tcp::resolver resolver(executor_);
  auto [resolve_error, endpoints] = co_await resolver.async_resolve(options_.host, std::to_string(options_.port), kNoThrow);
  if (resolve_error) {
    result.error = fmt::format("cannot resolve {}: {}", options_.host, resolve_error.message());
    close(result.error);
    co_return result;
  }
  // The connect timeout closes the socket; the flag keeps a late expiry from closing a session
  // that connected meanwhile.
  auto connecting = std::make_shared<bool>(true);
  asio::steady_timer connect_timer(executor_);
  connect_timer.expires_after(options_.connect_timeout);
  connect_timer.async_wait([this, self, connecting](boost::system::error_code ec) {
    if (!ec && *connecting) {
      boost::system::error_code ignored;
      socket_.close(ignored);
    }
  });
  auto [connect_error, endpoint] = co_await asio::async_connect(socket_, endpoints, kNoThrow);
  *connecting = false;
  connect_timer.cancel();
  if (connect_error || state_ == State::closed) {
    result.connection_refused = connect_error == asio::error::connection_refused;
    result.error = "cannot connect to " + where + ": " +
                   (connect_error == asio::error::operation_aborted ? std::string("timed out") : connect_error.message());
    close(result.error);
    co_return result;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);  // we batch ourselves
  state_ = State::binding;
  last_activity_ = Clock::now();
  asio::co_spawn(executor_, [self] { return self->read_loop(); }, print_exceptions("smpp session read loop"));
  asio::co_spawn(executor_, [self] { return self->write_loop(); }, print_exceptions("smpp session write loop"));
  asio::co_spawn(executor_, [self] { return self->watchdog(); }, print_exceptions("smpp session watchdog"));

  codec::Pdu bind;
  bind.command_id = bind_command(options_.bind_type);
  bind.system_id = options_.system_id;
  bind.password = options_.password;
  bind.system_type = options_.system_type;
  bind.interface_version = options_.interface_version;
  CallResult answer = co_await call(bind, false);
  if (answer.outcome == RequestOutcome::response && answer.response.command_status == status::kOk) {
    if (state_ == State::binding) {
      state_ = State::bound;
      result.ok = true;
      result.smsc_system_id = answer.response.system_id;
      co_return result;
    }
  }
  switch (answer.outcome) {
    case RequestOutcome::response:
      result.command_status = answer.response.command_status;
      result.error = fmt::format("bind refused with {}", status_text(answer.response.command_status));
      break;
    case RequestOutcome::generic_nack:
      result.command_status = answer.response.command_status;
      result.error = fmt::format("bind answered with generic_nack {}", status_text(answer.response.command_status));
      break;
    case RequestOutcome::timeout: result.error = "no bind_resp within the response timeout"; break;
    case RequestOutcome::closed:
      result.error = close_reason_.empty() ? std::string("connection closed while binding")
                                          : fmt::format("connection closed while binding: {}", close_reason_);
      break;
  }
  if (answer.send_result != SendResult::sent) {
    result.error = fmt::format("bind not sent: {}", send_result_name(answer.send_result));
  }
  close(result.error);
  co_return result;
}

// ---- requests --------------------------------------------------------------------------------

SendResult EsmeSession::send_request(const codec::Pdu& request, bool counted, ResponseCallback on_response) {
  const bool may_send = counted ? state_ == State::bound
                                : state_ == State::binding || state_ == State::bound || state_ == State::unbinding;
  if (!may_send || closing_after_flush_) return SendResult::not_bound;
  if (!window_.can_add(counted)) return SendResult::window_full;
  const size_t at = outbox_.size();
  const uint8_t max_password = static_cast<uint8_t>(std::clamp<size_t>(request.password.size() + 1, 9, kMaxPasswordWithNul));
  if (codec::encode_pdu(request, outbox_, {max_password}).failed()) return SendResult::invalid_pdu;
  // The PDU is encoded once, as given, and only its sequence number patched in: no copy of it.
  const auto now = Clock::now();
  const uint32_t sequence_number =
      window_.add(request.command_id, counted, now, now + options_.response_timeout, std::move(on_response));
  patch_u32(outbox_, at + kSequenceOffset, sequence_number);
  last_activity_ = now;
  if (at == 0) writer_wake_.cancel();
  return SendResult::sent;
}

SendResult EsmeSession::try_send(const codec::Pdu& request, ResponseCallback on_response) {
  return send_request(request, true, std::move(on_response));
}

void EsmeSession::complete(RequestWindow::Entry& entry, const Response& response) {
  if (entry.callback) entry.callback(response);
  if (progress_waiters_ > 0) progress_wake_.cancel();
  if (peer_unbinding_ && window_.counted() == 0) finish_peer_unbind();
}

void EsmeSession::finish_peer_unbind() {
  peer_unbinding_ = false;
  answer(CommandId::unbind_resp, peer_unbind_sequence_, status::kOk);
  close_after_flush("unbound by the SMSC");
}

asio::awaitable<EsmeSession::CallResult> EsmeSession::call(const codec::Pdu& request, bool counted) {
  auto self = shared_from_this();
  // One pointer is captured, so the callback fits std::function's inline storage.
  struct Waiter {
    CallResult result;
    bool done = false;
    asio::steady_timer wake;
  } waiter{{}, false, asio::steady_timer(executor_, asio::steady_timer::time_point::max())};
  Waiter* w = &waiter;
  waiter.result.send_result = send_request(request, counted, [w](const Response& response) {
    w->result.outcome = response.outcome;
    w->result.sequence_number = response.sequence_number;
    w->result.latency = response.latency;
    if (response.pdu != nullptr) w->result.response = *response.pdu;
    w->done = true;
    w->wake.cancel();
  });
  if (waiter.result.send_result != SendResult::sent) co_return waiter.result;
  while (!waiter.done) co_await waiter.wake.async_wait(kNoThrow);
  co_return waiter.result;
}

asio::awaitable<bool> EsmeSession::wait_for_window() {
  while (state_ == State::bound && window_.full()) co_await wait_for_progress();
  co_return state_ == State::bound;
}

asio::awaitable<void> EsmeSession::wait_for_progress() {
  if (state_ == State::closed) co_return;
  ++progress_waiters_;
  co_await progress_wake_.async_wait(kNoThrow);
  --progress_waiters_;
}

asio::awaitable<void> EsmeSession::wait_idle() {
  while (state_ != State::closed && window_.counted() > 0) co_await wait_for_progress();
}

asio::awaitable<SubmitResult> EsmeSession::submit(codec::Pdu submit_sm) {
  SubmitResult result;
  if (!co_await wait_for_window()) co_return result;  // closed
  CallResult answer = co_await call(submit_sm, true);
  result.outcome = answer.outcome;
  result.sequence_number = answer.sequence_number;
  result.latency = answer.latency;
  if (answer.outcome == RequestOutcome::response || answer.outcome == RequestOutcome::generic_nack) {
    result.command_status = answer.response.command_status;
    result.message_id = std::move(answer.response.message_id);
  }
  co_return result;
}

asio::awaitable<bool> EsmeSession::unbind() {
  auto self = shared_from_this();
  if (state_ != State::bound) {
    close("unbind while not bound");
    co_return false;
  }
  co_await wait_idle();
  if (state_ != State::bound) co_return false;
  state_ = State::unbinding;
  codec::Pdu request;
  request.command_id = CommandId::unbind;
  const CallResult answer = co_await call(request, false);
  const bool ok = answer.outcome == RequestOutcome::response && answer.response.command_status == status::kOk;
  close(ok ? "unbound" : "unbind not acknowledged");
  co_return ok;
}

// ---- reading ---------------------------------------------------------------------------------

asio::awaitable<void> EsmeSession::read_loop() {
  std::vector<uint8_t> buffer(kReadChunk);
  size_t begin = 0;
  size_t end = 0;
  while (state_ != State::closed) {
    for (;;) {
      const codec::Frame frame = codec::next_frame({buffer.data() + begin, end - begin});
      if (frame.state == codec::FrameState::complete) {
        on_frame({buffer.data() + begin, frame.length});
        begin += frame.length;
        if (state_ == State::closed) co_return;
        continue;
      }
      if (frame.state == codec::FrameState::invalid) {
        close(fmt::format("framing lost: command_length outside 16..{}", codec::kDefaultMaxCommandLength));
        co_return;
      }
      break;
    }
    // The unread part moves to the front; a frame is at most 16 KiB, so 48 KiB stay free.
    if (begin == end) {
      begin = end = 0;
    } else if (begin > 0) {
      std::memmove(buffer.data(), buffer.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    while (outbox_.size() > kMaxOutboxBytes && state_ != State::closed) co_await reader_wake_.async_wait(kNoThrow);
    if (state_ == State::closed) co_return;

    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer.data() + end, buffer.size() - end), kNoThrow);
    if (ec) {
      close(ec == asio::error::eof ? std::string("closed by the SMSC") : fmt::format("read failed: {}", ec.message()));
      co_return;
    }
    end += n;
    last_activity_ = Clock::now();
  }
}

void EsmeSession::on_frame(std::span<const uint8_t> frame) {
  const codec::DecodeError error = codec::decode_pdu(frame, inbound_, decode_options_);
  if (error.failed()) {
    on_malformed(frame, error);
  } else if (codec::is_response(inbound_.command_id)) {
    on_response(inbound_);
  } else {
    on_request(inbound_);
  }
}

void EsmeSession::on_malformed(std::span<const uint8_t> frame, const codec::DecodeError& error) {
  codec::PduHeader header;
  codec::decode_header(frame, header);
  if ((header.command_id & codec::kResponseBit) != 0) {
    // A resp we cannot read still ends its request: what matters is its status.
    codec::Pdu stub;
    stub.command_id = static_cast<CommandId>(header.command_id);
    stub.command_status = header.command_status;
    stub.sequence_number = header.sequence_number;
    stub.body_absent = true;
    on_response(stub);
    return;
  }
  switch (error.kind) {
    case codec::DecodeErrorKind::command_length_invalid:
      answer(CommandId::generic_nack, header.sequence_number, status::kInvCmdLen);
      close_after_flush("command_length disagrees with the PDU");
      return;
    case codec::DecodeErrorKind::unknown_command_id:
      answer(CommandId::generic_nack, header.sequence_number, status::kInvCmdId);
      return;
    default:
      answer(codec::response_of(static_cast<CommandId>(header.command_id)), header.sequence_number,
             error.command_status);
  }
}

void EsmeSession::on_response(const codec::Pdu& response) {
  RequestWindow::Entry entry;
  if (!window_.take(response.sequence_number, entry)) {
    ++unexpected_responses_;
    return;
  }
  const auto outcome =
      response.command_id == CommandId::generic_nack ? RequestOutcome::generic_nack : RequestOutcome::response;
  complete(entry, Response{outcome, &response, entry.sequence_number, entry.sent, Clock::now() - entry.sent});
}

void EsmeSession::on_request(const codec::Pdu& request) {
  switch (request.command_id) {
    case CommandId::enquire_link:
      answer(CommandId::enquire_link_resp, request.sequence_number, status::kOk);
      return;
    case CommandId::deliver_sm:
    case CommandId::data_sm: {
      const uint32_t command_status = deliver_status_ ? deliver_status_(request) : status::kOk;
      if (deliver_handler_ && command_status == status::kOk) {
        const std::optional<IncomingReceipt> receipt = read_incoming_receipt(request);
        deliver_handler_(request, receipt ? &*receipt : nullptr);
      }
      answer(codec::response_of(request.command_id), request.sequence_number, command_status);
      return;
    }
    case CommandId::unbind:
      // Our requests that crossed the SMSC's unbind still get their resps (a draining smppd
      // answers them): nothing new goes out, and the unbind_resp waits for the last resp.
      if (state_ == State::bound) state_ = State::unbinding;
      peer_unbind_sequence_ = request.sequence_number;
      peer_unbinding_ = true;
      if (window_.counted() == 0) finish_peer_unbind();
      return;
    case CommandId::alert_notification:
    case CommandId::outbind:
      return;  // no resp exists for these
    default:
      answer(codec::response_of(request.command_id), request.sequence_number, status::kInvBndSts);
  }
}

void EsmeSession::answer(CommandId response_id, uint32_t sequence_number, uint32_t command_status) {
  if (state_ == State::closed) return;
  outbound_.command_id = response_id;
  outbound_.command_status = command_status;
  outbound_.sequence_number = sequence_number;
  // An error resp carries no body (S34 §3.3); a generic_nack never has one.
  outbound_.body_absent = command_status != status::kOk && response_id != CommandId::generic_nack;
  const bool was_empty = outbox_.empty();
  codec::encode_pdu(outbound_, outbox_);
  if (was_empty) writer_wake_.cancel();
}

// ---- writing ---------------------------------------------------------------------------------

asio::awaitable<void> EsmeSession::write_loop() {
  while (state_ != State::closed) {
    if (outbox_.empty()) {
      if (closing_after_flush_) {
        close(close_reason_);
        co_return;
      }
      co_await writer_wake_.async_wait(kNoThrow);
      continue;
    }
    // Everything produced since the last write goes out in one write.
    writing_.swap(outbox_);
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(writing_), kNoThrow);
    writing_.clear();
    if (ec) {
      close(fmt::format("write failed: {}", ec.message()));
      co_return;
    }
    reader_wake_.cancel();
  }
}

void EsmeSession::close_after_flush(std::string_view reason) {
  if (state_ == State::closed || closing_after_flush_) return;
  closing_after_flush_ = true;
  close_reason_ = std::string(reason);
  writer_wake_.cancel();
}

void EsmeSession::close(std::string_view reason) {
  if (state_ == State::closed) return;
  state_ = State::closed;
  if (close_reason_.empty() || !closing_after_flush_) close_reason_ = std::string(reason);
  boost::system::error_code ignored;
  socket_.close(ignored);
  writer_wake_.cancel();
  reader_wake_.cancel();
  watchdog_timer_.cancel();
  progress_wake_.cancel();
  std::vector<RequestWindow::Entry> pending;
  window_.take_all(pending);
  const auto now = Clock::now();
  for (RequestWindow::Entry& entry : pending) {
    complete(entry, Response{RequestOutcome::closed, nullptr, entry.sequence_number, entry.sent, now - entry.sent});
  }
}

// ---- timers ----------------------------------------------------------------------------------

asio::awaitable<void> EsmeSession::watchdog() {
  const Clock::duration tick = watchdog_tick(options_);
  while (state_ != State::closed) {
    const auto now = Clock::now();
    std::vector<RequestWindow::Entry> expired;
    window_.take_expired(now, expired);
    for (RequestWindow::Entry& entry : expired) {
      complete(entry, Response{RequestOutcome::timeout, nullptr, entry.sequence_number, entry.sent, now - entry.sent});
    }
    if (state_ == State::closed) co_return;
    if (state_ == State::bound && !enquire_link_outstanding_ && now - last_activity_ >= options_.enquire_link_interval) {
      send_enquire_link();
    }
    watchdog_timer_.expires_after(tick);
    co_await watchdog_timer_.async_wait(kNoThrow);
  }
}

void EsmeSession::send_enquire_link() {
  codec::Pdu request;
  request.command_id = CommandId::enquire_link;
  const SendResult sent = send_request(request, false, [this](const Response& response) {
    enquire_link_outstanding_ = false;
    if (response.outcome == RequestOutcome::timeout) close("no enquire_link_resp within the response timeout");
  });
  enquire_link_outstanding_ = sent == SendResult::sent;
}

}  // namespace smppd::tools
