#include "tools/smpp-bench/sink_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include "host/async/no_throw.h"
#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_encoder.h"
#include "host/codec/text/data_coding.h"
#include "host/codec/text/udh.h"
#include "host/codec/time/smpp_time.h"
#include "host/codec/tlv_tag.h"
#include "tools/smpp/print_exceptions.h"

namespace smppd::tools::bench {

namespace asio = boost::asio;
using codec::CommandId;
namespace status = codec::status;

namespace {

using smppd::async::kNoThrow;
constexpr size_t kReadChunk = 64 * 1024;
// Past this many bytes unwritten the client is not reading its resps: stop reading its submits.
constexpr size_t kMaxOutboxBytes = 1024 * 1024;
// deliver_sm awaiting deliver_sm_resp per session; more wait in the queue.
constexpr uint32_t kReceiptWindow = 1024;
constexpr uint32_t kMaxSequenceNumber = 0x7FFFFFFF;
constexpr uint8_t kInterfaceVersion34 = 0x34;
constexpr uint32_t kPartsPerMillion = 1000000;
constexpr size_t kReceiptTextOctets = codec::kReceiptTextMaxOctets;
// registered_delivery bits 0-1: the MC delivery receipt asked for (S34 §5.2.17).
constexpr uint8_t kReceiptMask = 0x03;
constexpr uint8_t kReceiptAlways = 0x01;
constexpr uint8_t kReceiptOnFailure = 0x02;
constexpr uint8_t kReceiptOnSuccess = 0x03;  // v5.0

// What an SMSC sends again later rather than give up on: the ESME cannot take it now.
bool refused_for_now(uint32_t command_status) {
  return command_status == status::kXTAppn || command_status == status::kThrottled ||
         command_status == status::kMsgQFul;
}

bool is_success(codec::MessageState state) {
  return state == codec::MessageState::delivered || state == codec::MessageState::accepted ||
         state == codec::MessageState::enroute;
}

bool receipt_wanted(uint8_t registered_delivery, codec::MessageState outcome) {
  switch (registered_delivery & kReceiptMask) {
    case kReceiptAlways: return true;
    case kReceiptOnFailure: return !is_success(outcome);
    case kReceiptOnSuccess: return outcome == codec::MessageState::delivered;
    default: return false;
  }
}

uint32_t to_ppm(double percent) { return static_cast<uint32_t>(std::llround(percent * kPartsPerMillion / 100.0)); }

// The first octets of the message for the receipt's text: after any UDH, only when the message
// is text, with anything but printable ASCII shown as '.' so the receipt stays plain ASCII.
std::string receipt_excerpt(const codec::Pdu& submit) {
  const codec::TextEncoding encoding = codec::text_encoding_of(submit.data_coding);
  if (encoding == codec::TextEncoding::ucs2 || encoding == codec::TextEncoding::binary) return {};
  std::string_view text = submit.short_message;
  if ((submit.esm_class & codec::kEsmClassUdhi) != 0) {
    const codec::UdhParseResult udh = codec::parse_udh(text);
    text = udh.ok() ? udh.udh.payload : std::string_view();
  }
  std::string excerpt(text.substr(0, kReceiptTextOctets));
  for (char& c : excerpt) {
    if (c < 0x20 || c > 0x7E) c = '.';
  }
  return excerpt;
}

}  // namespace

SinkSession::SinkSession(SinkWorker& worker, asio::ip::tcp::socket socket)
    : worker_(worker),
      options_(worker.options),
      counters_(worker.counters),
      socket_(std::move(socket)),
      random_state_(worker.next_session_seed() | 1),
      writer_wake_(socket_.get_executor(), asio::steady_timer::time_point::max()),
      reader_wake_(socket_.get_executor(), asio::steady_timer::time_point::max()),
      receipt_timer_(socket_.get_executor()) {
  decode_options_.max_password_length = 255;  // any bind is accepted, long passwords too
  drop_ppm_ = to_ppm(options_.drop_percent);
  uint32_t edge = drop_ppm_;
  for (const FailRule& rule : options_.fail_rules) {
    edge += to_ppm(rule.percent);
    fail_edges_.emplace_back(edge, rule.command_status);
  }
  outbox_.reserve(kReadChunk);
  writing_.reserve(kReadChunk);
  counters_.sessions_opened.add();
}

SinkSession::~SinkSession() {
  if (registered_as_receiver_) worker_.receivers.remove(system_id_, this);
  if (state_ != State::closed) {
    counters_.receipts_dropped.add(receipts_.size());
    counters_.sessions_closed.add();
  }
}

void SinkSession::start() {
  boost::system::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  auto self = shared_from_this();
  const auto executor = socket_.get_executor();
  asio::co_spawn(executor, [self] { return self->read_loop(); }, print_exceptions("sink read loop"));
  asio::co_spawn(executor, [self] { return self->write_loop(); }, print_exceptions("sink write loop"));
  if (options_.receipts) {
    asio::co_spawn(executor, [self] { return self->receipt_loop(); }, print_exceptions("sink receipt loop"));
  }
}

// ---- reading ---------------------------------------------------------------------------------

asio::awaitable<void> SinkSession::read_loop() {
  std::vector<uint8_t> buffer(kReadChunk);
  size_t begin = 0;
  size_t end = 0;
  while (state_ != State::closed) {
    batch_now_ = Clock::now();
    batch_wall_clock_ = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    bool read_any = false;
    while (state_ != State::closed && !closing_after_flush_) {
      const codec::Frame frame = codec::next_frame({buffer.data() + begin, end - begin});
      if (frame.state == codec::FrameState::complete) {
        on_frame({buffer.data() + begin, frame.length});
        begin += frame.length;
        read_any = true;
        continue;
      }
      if (frame.state == codec::FrameState::invalid) {
        counters_.malformed.add();
        answer(CommandId::generic_nack, 0, status::kInvCmdLen);
        close_after_flush();
      }
      break;
    }
    if (read_any) after_read();
    if (state_ == State::closed || closing_after_flush_) co_return;

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
      close();
      co_return;
    }
    end += n;
  }
}

void SinkSession::on_frame(std::span<const uint8_t> frame) {
  const codec::DecodeError error = codec::decode_pdu(frame, inbound_, decode_options_);
  if (error.failed()) {
    on_malformed(frame, error);
    return;
  }
  const codec::Pdu& pdu = inbound_;
  switch (pdu.command_id) {
    case CommandId::submit_sm:
    case CommandId::data_sm:
      on_submit(pdu);
      return;
    case CommandId::bind_transmitter:
    case CommandId::bind_receiver:
    case CommandId::bind_transceiver:
      on_bind(pdu);
      return;
    case CommandId::enquire_link:
      counters_.enquire_links.add();
      answer(CommandId::enquire_link_resp, pdu.sequence_number, status::kOk);
      return;
    case CommandId::unbind:
      counters_.unbinds.add();
      answer(CommandId::unbind_resp, pdu.sequence_number, status::kOk);
      close_after_flush();
      return;
    case CommandId::deliver_sm_resp:
    case CommandId::generic_nack:  // we send nothing but deliver_sm, so it answers one
      on_receipt_response(pdu);
      return;
    default:
      if (codec::is_response(pdu.command_id)) return;  // enquire_link_resp and the like
      counters_.refused.add();
      answer(codec::response_of(pdu.command_id), pdu.sequence_number, status::kInvCmdId);
  }
}

void SinkSession::on_malformed(std::span<const uint8_t> frame, const codec::DecodeError& error) {
  counters_.malformed.add();
  codec::PduHeader header;
  codec::decode_header(frame, header);
  const auto id = static_cast<CommandId>(header.command_id);
  if ((header.command_id & codec::kResponseBit) != 0) {
    if (id == CommandId::deliver_sm_resp) on_receipt_response(inbound_);
    return;  // a response is never answered
  }
  const uint32_t sequence_number = header.sequence_number <= kMaxSequenceNumber ? header.sequence_number : 0;
  switch (error.kind) {
    case codec::DecodeErrorKind::command_length_invalid:
      answer(CommandId::generic_nack, sequence_number, status::kInvCmdLen);
      close_after_flush();
      return;
    case codec::DecodeErrorKind::unknown_command_id:
      answer(CommandId::generic_nack, sequence_number, status::kInvCmdId);
      return;
    case codec::DecodeErrorKind::invalid_sequence_number:
      answer(CommandId::generic_nack, 0, error.command_status);
      return;
    default:
      answer(codec::response_of(id), sequence_number, error.command_status);
  }
}

void SinkSession::on_bind(const codec::Pdu& request) {
  if (state_ != State::open) {
    answer(codec::response_of(request.command_id), request.sequence_number, status::kAlyBnd);
    return;
  }
  state_ = request.command_id == CommandId::bind_transmitter ? State::bound_tx
           : request.command_id == CommandId::bind_receiver  ? State::bound_rx
                                                             : State::bound_trx;
  system_id_ = request.system_id;
  counters_.binds.add();
  if (state_ != State::bound_tx) {
    worker_.receivers.add(system_id_, shared_from_this());
    registered_as_receiver_ = true;
  }
  codec::Pdu response;
  response.command_id = codec::response_of(request.command_id);
  response.sequence_number = request.sequence_number;
  response.system_id = options_.system_id;
  if (request.interface_version >= kInterfaceVersion34) {
    response.tlvs.set_u8(codec::tlv::kScInterfaceVersion, kInterfaceVersion34);
  }
  encode(response);
}

void SinkSession::on_submit(const codec::Pdu& request) {
  counters_.submits.add();
  const CommandId response_id = codec::response_of(request.command_id);
  if (state_ != State::bound_tx && state_ != State::bound_trx) {
    counters_.refused.add();
    answer(response_id, request.sequence_number, status::kInvBndSts);
    return;
  }
  ++submits_;
  if (options_.throttle_every != 0 && submits_ % options_.throttle_every == 0) {
    counters_.throttled.add();
    answer(response_id, request.sequence_number, status::kThrottled);
    return;
  }
  if (drop_ppm_ != 0 || !fail_edges_.empty()) {
    const auto roll = static_cast<uint32_t>(next_random() % kPartsPerMillion);
    if (roll < drop_ppm_) {
      counters_.dropped.add();
      return;
    }
    for (const auto& [edge, command_status] : fail_edges_) {
      if (roll < edge) {
        counters_.failed.add();
        answer(response_id, request.sequence_number, command_status);
        return;
      }
    }
  }
  response_.command_id = response_id;
  response_.sequence_number = request.sequence_number;
  worker_.next_message_id(response_.message_id);
  encode(response_);
  counters_.submit_ok.add();
  if (options_.receipts && receipt_wanted(request.registered_delivery, worker_.receipt_state)) {
    queue_receipt(request, response_.message_id);
  }
}

void SinkSession::on_receipt_response(const codec::Pdu& response) {
  if (receipts_in_flight_ > 0) --receipts_in_flight_;
  counters_.receipt_resps.add();
  // Kept only while a retry may need them (--receipt-retry-ms > 0).
  std::optional<PendingReceipt> receipt;
  if (auto sent = receipts_sent_.find(response.sequence_number); sent != receipts_sent_.end()) {
    receipt = std::move(sent->second);
    receipts_sent_.erase(sent);
  }
  if (response.command_status == status::kOk && response.command_id != CommandId::generic_nack) return;
  if (receipt && refused_for_now(response.command_status)) {
    // Sent again later, behind what is queued already, as an SMSC retries.
    receipt->due = Clock::now() + options_.receipt_retry;
    if (!receipts_.empty() && receipts_.back().due > receipt->due) receipt->due = receipts_.back().due;
    receipts_.push_back(std::move(*receipt));
    counters_.receipts_retried.add();
    wake_receipt_loop();
    return;
  }
  counters_.receipt_errors.add();
}

// ---- writing ---------------------------------------------------------------------------------

void SinkSession::answer(CommandId response_id, uint32_t sequence_number, uint32_t command_status) {
  codec::Pdu& pdu = response_;
  pdu.command_id = response_id;
  pdu.command_status = command_status;
  pdu.sequence_number = sequence_number;
  // An error resp carries no body (S34 §3.3); a generic_nack never has one.
  pdu.body_absent = command_status != status::kOk && response_id != CommandId::generic_nack;
  pdu.message_id.clear();
  encode(pdu);
  pdu.command_status = status::kOk;
  pdu.body_absent = false;
}

void SinkSession::encode(const codec::Pdu& pdu) {
  if (state_ == State::closed) return;
  const bool was_empty = outbox_.empty();
  codec::encode_pdu(pdu, outbox_);
  if (was_empty && !outbox_.empty()) writer_wake_.cancel();
}

asio::awaitable<void> SinkSession::write_loop() {
  while (state_ != State::closed) {
    if (outbox_.empty()) {
      if (closing_after_flush_) {
        close();
        co_return;
      }
      co_await writer_wake_.async_wait(kNoThrow);
      continue;
    }
    writing_.swap(outbox_);
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(writing_), kNoThrow);
    writing_.clear();
    if (ec) {
      close();
      co_return;
    }
    reader_wake_.cancel();
  }
}

// ---- receipts --------------------------------------------------------------------------------

void SinkSession::queue_receipt(const codec::Pdu& submit, const std::string& message_id) {
  PendingReceipt receipt;
  receipt.due = batch_now_ + options_.receipt_delay;
  receipt.submitted = batch_wall_clock_;
  receipt.message_id = message_id;
  receipt.source_ton = submit.source_addr_ton;
  receipt.source_npi = submit.source_addr_npi;
  receipt.source_addr = submit.source_addr;
  receipt.dest_ton = submit.dest_addr_ton;
  receipt.dest_npi = submit.dest_addr_npi;
  receipt.destination_addr = submit.destination_addr;
  receipt.text = receipt_excerpt(submit);
  if (state_ == State::bound_trx) {
    receipts_.push_back(std::move(receipt));
  } else {
    receipts_elsewhere_.push_back(std::move(receipt));
  }
}

void SinkSession::accept_receipts(std::vector<PendingReceipt> receipts) {
  if (state_ == State::closed) {
    counters_.receipts_dropped.add(receipts.size());
    return;
  }
  for (PendingReceipt& receipt : receipts) receipts_.push_back(std::move(receipt));
  send_due_receipts(Clock::now());
  wake_receipt_loop();
}

void SinkSession::after_read() {
  if (!receipts_.empty()) {
    send_due_receipts(batch_now_);
    wake_receipt_loop();
  }
  if (!receipts_elsewhere_.empty()) hand_over_receipts();
}

void SinkSession::hand_over_receipts() {
  std::shared_ptr<SinkSession> receiver = worker_.receivers.pick(system_id_);
  if (!receiver) {
    counters_.receipts_unroutable.add(receipts_elsewhere_.size());
    receipts_elsewhere_.clear();
    return;
  }
  asio::post(receiver->executor(), [receiver, receipts = std::move(receipts_elsewhere_)]() mutable {
    receiver->accept_receipts(std::move(receipts));
  });
  receipts_elsewhere_ = {};
}

void SinkSession::send_due_receipts(Clock::time_point now) {
  if (state_ == State::closed) return;
  std::string done_date;
  while (!receipts_.empty() && receipts_.front().due <= now && receipts_in_flight_ < kReceiptWindow) {
    const PendingReceipt& pending = receipts_.front();
    if (done_date.empty()) {
      const auto wall_clock = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
      done_date = codec::format_receipt_date(wall_clock, false).value_or("");
    }
    codec::DeliveryReceipt& text = receipt_text_;
    text.id = pending.message_id;
    text.sub = "001";
    text.dlvrd = worker_.receipt_state == codec::MessageState::delivered ? "001" : "000";
    text.submit_date = codec::format_receipt_date(pending.submitted, false).value_or("");
    text.done_date = done_date;
    text.stat = options_.receipt_stat;
    text.err = "000";
    text.text = pending.text;

    codec::Pdu& pdu = receipt_pdu_;
    pdu.command_id = CommandId::deliver_sm;
    pdu.sequence_number = next_sequence_number();
    pdu.source_addr_ton = pending.dest_ton;
    pdu.source_addr_npi = pending.dest_npi;
    pdu.source_addr = pending.destination_addr;
    pdu.dest_addr_ton = pending.source_ton;
    pdu.dest_addr_npi = pending.source_npi;
    pdu.destination_addr = pending.source_addr;
    pdu.esm_class = codec::kEsmClassDeliveryReceipt;
    pdu.data_coding = codec::kDataCodingMcDefault;
    pdu.short_message = codec::format_delivery_receipt(text);
    pdu.tlvs.clear();
    pdu.tlvs.set_cstring(codec::tlv::kReceiptedMessageId, pending.message_id);
    pdu.tlvs.set_u8(codec::tlv::kMessageState, static_cast<uint8_t>(worker_.receipt_state));
    encode(pdu);
    ++receipts_in_flight_;
    counters_.receipts_sent.add();
    if (options_.receipt_retry.count() > 0) receipts_sent_[pdu.sequence_number] = std::move(receipts_.front());
    receipts_.pop_front();
  }
}

void SinkSession::wake_receipt_loop() {
  if (receipt_loop_sleeping_ && !receipts_.empty() && receipts_in_flight_ < kReceiptWindow) receipt_timer_.cancel();
}

asio::awaitable<void> SinkSession::receipt_loop() {
  // Delayed receipts leave when due even if the client sends nothing more.
  while (state_ != State::closed) {
    if (!receipts_.empty() && receipts_in_flight_ < kReceiptWindow) {
      const auto now = Clock::now();
      if (receipts_.front().due <= now) {
        send_due_receipts(now);
        continue;
      }
      receipt_timer_.expires_at(receipts_.front().due);
    } else {
      receipt_timer_.expires_at(Clock::time_point::max());
    }
    receipt_loop_sleeping_ = true;
    co_await receipt_timer_.async_wait(kNoThrow);
    receipt_loop_sleeping_ = false;
  }
}

uint32_t SinkSession::next_sequence_number() {
  last_sequence_number_ = last_sequence_number_ >= kMaxSequenceNumber ? 1 : last_sequence_number_ + 1;
  return last_sequence_number_;
}

uint64_t SinkSession::next_random() {
  // xorshift64*: enough to spread failures over submits, and nothing to allocate or lock.
  random_state_ ^= random_state_ >> 12;
  random_state_ ^= random_state_ << 25;
  random_state_ ^= random_state_ >> 27;
  return random_state_ * 0x2545F4914F6CDD1Dull;
}

// ---- closing ---------------------------------------------------------------------------------

void SinkSession::close_after_flush() {
  if (state_ == State::closed || closing_after_flush_) return;
  closing_after_flush_ = true;
  writer_wake_.cancel();
}

void SinkSession::close() {
  if (state_ == State::closed) return;
  state_ = State::closed;
  boost::system::error_code ignored;
  socket_.close(ignored);
  writer_wake_.cancel();
  reader_wake_.cancel();
  receipt_timer_.cancel();
  if (registered_as_receiver_) {
    worker_.receivers.remove(system_id_, this);
    registered_as_receiver_ = false;
  }
  counters_.receipts_dropped.add(receipts_.size() + receipts_elsewhere_.size());
  receipts_.clear();
  receipts_elsewhere_.clear();
  counters_.sessions_closed.add();
}

}  // namespace smppd::tools::bench
