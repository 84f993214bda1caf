#include "host/smpp/smpp_connection.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstring>

#include "host/async/no_throw.h"
#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_encoder.h"
#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"

namespace smppd::smpp {

namespace asio = boost::asio;
using codec::CommandId;
namespace status = codec::status;

namespace {

using smppd::async::kNoThrow;
// The read buffer starts small, so that thousands of idle connections cost little, and grows
// while the peer sends a lot, up to the largest PDU plus one more read.
constexpr size_t kInitialReadBuffer = 4096;
constexpr size_t kMaxReadChunk = 64 * 1024;
// Beyond this many bytes not yet written, the peer is not reading: stop reading its requests
// rather than buffer without limit.
constexpr size_t kMaxOutboxBytes = 1024 * 1024;
constexpr uint32_t kMaxSequence = 0x7FFFFFFF;

const auto& log() {
  static const auto logger = logging::get("session");
  return logger;
}

}  // namespace

SmppConnection::SmppConnection(std::unique_ptr<server::Transport> transport, asio::any_io_executor executor,
                               ConnectionSettings settings, ConnectionCounters counters)
    : transport_(std::move(transport)),
      settings_(std::move(settings)),
      counters_(counters),
      last_received_(Clock::now()),
      writer_wake_(executor),
      reader_wake_(executor),
      watchdog_timer_(executor) {}

SmppConnection::~SmppConnection() = default;

void SmppConnection::start() {
  auto self = shared_from_this();
  const auto ex = executor();
  // The read loop starts the write loop once the TLS handshake is done: a write racing the
  // handshake on one SSL stream broke it (an upstream TLS bind's bind_transmitter never arrived).
  asio::co_spawn(ex, [self] { return self->read_loop(); }, server::log_exceptions("smpp read loop"));
  asio::co_spawn(ex, [self] { return self->watchdog(); }, server::log_exceptions("smpp watchdog"));
}

// ---- reading -------------------------------------------------------------------------------

asio::awaitable<void> SmppConnection::read_loop() {
  if (const auto ec = co_await transport_->handshake()) {
    count(counters_.handshake_failed);
    close("TLS handshake failed: " + ec.message());
    co_return;
  }
  asio::co_spawn(executor(), [self = shared_from_this()] { return self->write_loop(); },
                 server::log_exceptions("smpp write loop"));
  const codec::FrameLimits limits{settings_.max_command_length};
  std::vector<uint8_t> buffer(kInitialReadBuffer);
  size_t begin = 0;
  size_t end = 0;
  for (;;) {
    // Every complete PDU in the buffer, while the subclass and the outbox have room.
    uint32_t needed = 0;
    while (!closing()) {
      if (reading_paused() || outbox_.size() > kMaxOutboxBytes) {
        reader_wake_.expires_at(asio::steady_timer::time_point::max());
        co_await reader_wake_.async_wait(kNoThrow);
        continue;
      }
      const codec::Frame frame = codec::next_frame({buffer.data() + begin, end - begin}, limits);
      if (frame.state == codec::FrameState::complete) {
        // The PDU the stall deadline was timing is whole. What follows may wait here for the
        // window, which is smppd's time, not the peer's: its deadline starts once it is read.
        partial_frame_since_.reset();
        on_frame({buffer.data() + begin, frame.length});
        begin += frame.length;
        continue;
      }
      if (frame.state == codec::FrameState::invalid) {
        // Framing is lost (HTTP, TLS on a plain port, a length beyond the limit). The header is not
        // an SMPP header, so its sequence_number means nothing: answer with 0, then close.
        count(counters_.pdu_malformed);
        count(counters_.closed_malformed);
        send_generic_nack(0, status::kInvCmdLen);
        close_after_flush("command_length outside 16.." + std::to_string(settings_.max_command_length));
        co_return;
      }
      needed = frame.length;
      break;
    }
    if (closing()) co_return;

    // A PDU begun must be complete within the response timeout, however slowly it trickles in
    // (a header then a stall would otherwise hold the connection until the inactivity timeout).
    if (begin == end) {
      begin = end = 0;
      partial_frame_since_.reset();
    } else if (!partial_frame_since_) {
      partial_frame_since_ = Clock::now();
      if (*partial_frame_since_ + settings_.response_timeout < watchdog_timer_.expiry()) wake_watchdog();
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
      close(ec == asio::error::eof ? "closed by the peer" : "read failed: " + ec.message());
      co_return;
    }
    end += n;
    last_received_ = Clock::now();
  }
}

void SmppConnection::on_frame(std::span<const uint8_t> frame) {
  codec::PduHeader header;
  codec::decode_header(frame, header);  // a frame holds at least its header
  if ((header.command_id & codec::kResponseBit) != 0) {
    // A response ends here: on the stack.
    codec::Pdu response;
    const codec::DecodeError error = codec::decode_pdu(frame, response, settings_.decode);
    if (error.failed()) {
      on_malformed(header, error);
      return;
    }
    consecutive_errors_ = 0;
    on_response(response);
    return;
  }
  auto request = std::make_unique<codec::Pdu>();
  const codec::DecodeError error = codec::decode_pdu(frame, *request, settings_.decode);
  if (error.failed()) {
    on_malformed(header, error);
    return;
  }
  consecutive_errors_ = 0;
  if (request->command_id == CommandId::enquire_link) {
    // Answered in every state, even while the subclass's window is full.
    codec::Pdu response;
    response.command_id = CommandId::enquire_link_resp;
    response.sequence_number = request->sequence_number;
    send(response);
    return;
  }
  on_request(std::move(request));
}

void SmppConnection::on_malformed(const codec::PduHeader& header, const codec::DecodeError& error) {
  count(counters_.pdu_malformed);
  const bool response = (header.command_id & codec::kResponseBit) != 0;
  log()->debug("{}: malformed PDU 0x{:08X}: {}", describe(), header.command_id, codec::describe(error));
  // A response is never answered, not even a broken one (S34 §3.3).
  if (!response) {
    const uint32_t sequence = header.sequence_number <= kMaxSequence ? header.sequence_number : 0;
    switch (error.kind) {
      case codec::DecodeErrorKind::command_length_invalid:
        send_generic_nack(sequence, status::kInvCmdLen);
        count(counters_.closed_malformed);
        close_after_flush("command_length disagrees with the PDU");
        return;
      case codec::DecodeErrorKind::unknown_command_id:
        send_generic_nack(sequence, status::kInvCmdId);
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
    count(counters_.closed_malformed);
    close_after_flush(std::to_string(consecutive_errors_) + " malformed PDUs in a row");
  }
}

void SmppConnection::on_response(const codec::Pdu& response) {
  auto it = outstanding_.find(response.sequence_number);
  if (it == outstanding_.end()) {
    count(counters_.pdu_unexpected_response);
    log()->debug("{}: {} with sequence {} matches no request of ours", describe(),
                 codec::command_name(response.command_id), response.sequence_number);
    on_unexpected_response(response);
    return;
  }
  ResponseHandler handler = std::move(it->second.on_response);
  outstanding_.erase(it);
  if (handler) handler(&response);
}

void SmppConnection::on_unexpected_response(const codec::Pdu&) {}

// ---- writing -------------------------------------------------------------------------------

void SmppConnection::send(const codec::Pdu& pdu) {
  if (closed_) return;
  const size_t before = outbox_.size();
  const codec::EncodeError error = codec::encode_pdu(pdu, outbox_, {settings_.max_password_length});
  if (error.failed()) {
    // Something of ours produced a PDU the peer would refuse; a resp must still go out.
    log()->error("{}: cannot encode {}: {} {}", describe(), codec::command_name(pdu.command_id),
                 codec::field_name(error.field), error.reason);
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

void SmppConnection::answer(const codec::Pdu& request, uint32_t command_status) {
  codec::Pdu response;
  response.command_id = codec::response_of(request.command_id);
  response.command_status = command_status;
  response.sequence_number = request.sequence_number;
  response.body_absent = command_status != status::kOk && response.command_id != CommandId::generic_nack;
  send(response);
}

void SmppConnection::send_generic_nack(uint32_t sequence_number, uint32_t command_status) {
  codec::Pdu nack;
  nack.command_id = CommandId::generic_nack;
  nack.command_status = command_status;
  nack.sequence_number = sequence_number;
  send(nack);
}

uint32_t SmppConnection::send_request(codec::Pdu request, ResponseHandler on_response,
                                      std::optional<std::chrono::milliseconds> timeout) {
  return send_kept_request(request, std::move(on_response), timeout);
}

uint32_t SmppConnection::send_kept_request(codec::Pdu& request, ResponseHandler on_response,
                                           std::optional<std::chrono::milliseconds> timeout,
                                           std::optional<Clock::time_point> now) {
  if (closed_) {
    if (on_response) on_response(nullptr);
    return 0;
  }
  request.sequence_number = next_sequence();
  const auto deadline = (now ? *now : Clock::now()) + timeout.value_or(settings_.response_timeout);
  outstanding_[request.sequence_number] = Outstanding{deadline, std::move(on_response)};
  send(request);
  if (deadline < watchdog_timer_.expiry()) wake_watchdog();
  return request.sequence_number;
}

uint32_t SmppConnection::next_sequence() {
  // 1..0x7FFFFFFF, then 1 again (S50 §4.7.24), skipping any still awaiting its resp.
  do {
    last_sequence_ = last_sequence_ >= kMaxSequence ? 1 : last_sequence_ + 1;
  } while (outstanding_.contains(last_sequence_));
  return last_sequence_;
}

asio::awaitable<void> SmppConnection::write_loop() {
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

void SmppConnection::close_after_flush(std::string_view reason) {
  if (closing()) return;
  closing_after_flush_ = true;
  close_reason_ = std::string(reason);
  writer_wake_.cancel();
  wake_reader();
}

void SmppConnection::close(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  log()->debug("{}: closed: {}", describe(), reason);
  transport_->close();
  writer_wake_.cancel();
  reader_wake_.cancel();
  watchdog_timer_.cancel();
  // Our requests still waiting end now, without a response.
  auto outstanding = std::move(outstanding_);
  outstanding_.clear();
  for (auto& [sequence, entry] : outstanding) {
    if (entry.on_response) entry.on_response(nullptr);
  }
  on_closed(reason);
}

// ---- timers --------------------------------------------------------------------------------

asio::awaitable<void> SmppConnection::watchdog() {
  while (!closed_) {
    const auto now = Clock::now();
    auto next = Clock::time_point::max();
    auto expired = [&](Clock::time_point at, const char* reason) {
      if (now >= at) {
        count(counters_.closed_timeout);
        close(reason);
        return true;
      }
      next = std::min(next, at);
      return false;
    };
    if (const auto own = deadline(); own != Clock::time_point::max()) {
      if (now >= own) {
        on_deadline();
        if (closed_) co_return;
      } else {
        next = std::min(next, own);
      }
    }
    if (partial_frame_since_ && expired(*partial_frame_since_ + settings_.response_timeout, "a PDU stalled halfway")) {
      co_return;
    }
    // A zero inactivity_timeout or enquire_link_interval turns that timer off.
    if (settings_.inactivity_timeout.count() > 0 &&
        expired(last_received_ + settings_.inactivity_timeout, "nothing received within inactivity_timeout")) {
      co_return;
    }

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

    if (keepalive_active() && !enquire_link_outstanding_ && settings_.enquire_link_interval.count() > 0) {
      const auto idle_deadline = last_received_ + settings_.enquire_link_interval;
      if (now >= idle_deadline) {
        enquire_link_outstanding_ = true;
        codec::Pdu enquire;
        enquire.command_id = CommandId::enquire_link;
        std::weak_ptr<SmppConnection> weak = weak_from_this();
        send_request(std::move(enquire), [weak](const codec::Pdu* response) {
          auto connection = weak.lock();
          if (!connection) return;
          connection->enquire_link_outstanding_ = false;
          if (response == nullptr && !connection->closed_) {
            connection->count(connection->counters_.closed_timeout);
            connection->close("enquire_link_resp not received within response_timeout");
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

}  // namespace smppd::smpp
