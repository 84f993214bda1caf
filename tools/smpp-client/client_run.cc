#include "tools/smpp-client/client_run.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <cstdio>

#include "host/async/no_throw.h"
#include "host/codec/receipt/message_id.h"
#include "host/codec/text/data_coding.h"
#include "host/codec/tlv_tag.h"

namespace smppd::tools::client {

namespace asio = boost::asio;

namespace {

using smppd::async::kNoThrow;

// Lines go out as they happen, also when stdout is a file or a pipe.
template <typename... Args>
void say(fmt::format_string<Args...> format, Args&&... args) {
  const std::string line = fmt::format(format, std::forward<Args>(args)...);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

double milliseconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

// What segment capacities count for an encoding.
std::string_view unit_name(codec::TextEncoding encoding) {
  switch (encoding) {
    case codec::TextEncoding::gsm7: return "septets";
    case codec::TextEncoding::ucs2: return "UTF-16 units";
    default: return "octets";
  }
}

// A message's text for printing: what its data_coding says, from short_message or message_payload.
std::string text_of(const codec::Pdu& message) {
  std::string_view bytes = message.short_message;
  if (bytes.empty()) {
    if (const codec::Tlv* payload = message.tlvs.find(codec::tlv::kMessagePayload)) bytes = payload->value;
  }
  return codec::decode_text(message.data_coding, bytes).utf8;
}

}  // namespace

ClientRun::ClientRun(asio::any_io_executor executor, ClientOptions options)
    : executor_(executor), options_(std::move(options)), wake_(executor, asio::steady_timer::time_point::max()) {}

asio::awaitable<int> ClientRun::run() {
  session_ = EsmeSession::create(executor_, options_.session);
  session_->on_deliver([this](const codec::Pdu& message, const IncomingReceipt* receipt) { on_deliver(message, receipt); });
  const BindResult bind = co_await session_->connect_and_bind();
  if (!bind.ok) {
    say("bind failed: {}", bind.error);
    co_return 1;
  }
  say("bound {} to {}:{} as {} (SMSC system_id '{}')", bind_type_name(options_.session.bind_type),
      options_.session.host, options_.session.port, options_.session.system_id, bind.smsc_system_id);
  const int code = options_.listen_only ? co_await listen() : co_await send_and_wait();
  if (session_->closed()) {
    say("session closed: {}", session_->close_reason());
    co_return 1;
  }
  if (co_await session_->unbind()) {
    say("unbound");
  } else {
    say("unbind not acknowledged: {}", session_->close_reason());
  }
  co_return code;
}

asio::awaitable<int> ClientRun::listen() {
  say("listening for {:.1f} s", std::chrono::duration<double>(*options_.listen_only).count());
  co_await wait_until(Clock::now() + *options_.listen_only, &ClientRun::never);
  co_return session_->closed() ? 1 : 0;
}

asio::awaitable<int> ClientRun::send_and_wait() {
  MessageSpec spec;
  spec.source = parse_sme_address(options_.source);
  spec.destination = parse_sme_address(options_.destination);
  spec.text = options_.text;
  spec.long_mode = options_.long_mode;
  spec.registered_delivery = options_.registered_delivery ? kRegisteredDeliveryFinal : 0;
  // Concatenation references differ between runs and between the messages of one run.
  const auto reference_base = static_cast<uint16_t>(Clock::now().time_since_epoch().count());

  for (uint32_t message = 1; message <= options_.count; ++message) {
    spec.reference = static_cast<uint16_t>(reference_base + message);
    const BuiltMessage built = build_submit_sms(spec);
    if (!built.ok()) {
      say("cannot send the text: {}", built.error == codec::SplitError::payload_too_long
                                          ? "longer than one message_payload (65,535 octets)"
                                          : "more than 255 parts");
      co_return 1;
    }
    if (message == 1) {
      say("text: {}, {} {}, data_coding 0x{:02X}, {} part(s){}", codec::text_encoding_name(built.encoding),
          built.units, unit_name(built.encoding), built.data_coding, built.parts.size(),
          built.parts.size() > 1 || options_.long_mode == LongMode::payload
              ? fmt::format(", long mode {}", long_mode_name(options_.long_mode))
              : std::string());
    }
    for (size_t i = 0; i < built.parts.size(); ++i) {
      if (!co_await session_->wait_for_window()) co_return 1;
      const size_t index = parts_.size();
      parts_.push_back(Part{message, static_cast<uint32_t>(i + 1), static_cast<uint32_t>(built.parts.size()),
                            Clock::now(), false, false, {}, false});
      const SendResult sent =
          session_->try_send(built.parts[i], [this, index](const Response& response) { on_response(index, response); });
      if (sent != SendResult::sent) {
        say("submit_sm {}/{} not sent: {}", i + 1, built.parts.size(), send_result_name(sent));
        co_return 1;
      }
    }
  }
  co_await session_->wait_idle();

  uint32_t accepted = 0;
  for (const Part& part : parts_) accepted += part.accepted ? 1 : 0;
  bool receipts_complete = true;
  if (options_.wait_receipts && accepted > 0 && !session_->closed()) {
    if (!all_receipts_in()) {
      say("waiting up to {:.1f} s for {} receipt(s)", std::chrono::duration<double>(*options_.wait_receipts).count(),
          receipts_pending());
    }
    co_await wait_until(Clock::now() + *options_.wait_receipts, &ClientRun::all_receipts_in);
    receipts_complete = all_receipts_in();
  }
  say("{} of {} submit_sm accepted{}", accepted, parts_.size(),
      options_.wait_receipts ? fmt::format(", {} of {} receipts", accepted - receipts_pending(), accepted)
                             : std::string());
  co_return accepted == parts_.size() && receipts_complete ? 0 : 1;
}

asio::awaitable<void> ClientRun::wait_until(Clock::time_point deadline, bool (ClientRun::*done)() const) {
  // on_deliver cancels the wake-up; the deadline ends the wait otherwise.
  asio::steady_timer deadline_timer(executor_, deadline);
  deadline_timer.async_wait([this](boost::system::error_code) { wake_.cancel(); });
  while (!(this->*done)() && !session_->closed() && Clock::now() < deadline) co_await wake_.async_wait(kNoThrow);
  deadline_timer.cancel();
}

void ClientRun::on_response(size_t index, const Response& response) {
  Part& part = parts_[index];
  part.answered = true;
  const std::string where = fmt::format("{}/{}", part.part, part.parts);
  const std::string message = options_.count > 1 ? fmt::format("message {} ", part.message) : std::string();
  if (!response.answered()) {
    say("{}submit_sm {}: {} after {:.3f} ms", message, where, request_outcome_name(response.outcome),
        milliseconds(response.latency));
    return;
  }
  part.accepted = response.outcome == RequestOutcome::response && response.command_status() == 0;
  part.message_id = response.pdu->message_id;
  say("{}submit_sm_resp {}: {} message_id={} ({:.3f} ms)", message, where,
      describe_result(response.outcome, response.command_status()), part.message_id.empty() ? "-" : part.message_id,
      milliseconds(response.latency));
}

void ClientRun::on_deliver(const codec::Pdu& message, const IncomingReceipt* receipt) {
  if (receipt == nullptr) {
    say("mo from={} to={} text=\"{}\"", message.source_addr, message.destination_addr, text_of(message));
    wake_.cancel();
    return;
  }
  Part* matched = nullptr;
  for (Part& part : parts_) {
    if (!part.message_id.empty() && !part.receipt && codec::same_message_id(part.message_id, receipt->message_id)) {
      matched = &part;
      break;
    }
  }
  const std::string stat = receipt->stat.empty() ? "-" : receipt->stat;
  const std::string err = receipt->err.empty() ? "-" : receipt->err;
  if (matched == nullptr) {
    say("receipt id={} stat={} err={} from={} to={}{}", receipt->message_id, stat, err, message.source_addr,
        message.destination_addr, options_.listen_only ? "" : " (no submit of this run)");
  } else {
    matched->receipt = true;
    say("receipt id={} stat={} err={} latency={:.3f} ms (part {}/{})", receipt->message_id, stat, err,
        milliseconds(Clock::now() - matched->sent_at), matched->part, matched->parts);
  }
  wake_.cancel();
}

uint32_t ClientRun::receipts_pending() const {
  uint32_t pending = 0;
  for (const Part& part : parts_) pending += part.accepted && !part.receipt ? 1 : 0;
  return pending;
}

bool ClientRun::all_receipts_in() const { return receipts_pending() == 0; }

}  // namespace smppd::tools::client
