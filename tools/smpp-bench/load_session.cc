#include "tools/smpp-bench/load_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "host/async/no_throw.h"
#include "tools/smpp/submit_sm_builder.h"

namespace smppd::tools::bench {

namespace asio = boost::asio;

namespace {

using smppd::async::kNoThrow;
// How often a waiting session looks at the runner's phase.
constexpr std::chrono::milliseconds kPhasePoll{2};
// Between attempts to bind again: a restarting server takes a moment.
constexpr std::chrono::milliseconds kRebindPause{20};

}  // namespace

LoadSession::LoadSession(asio::any_io_executor executor, const LoadOptions& options, LoadControl& control,
                         LoadStats& stats, uint32_t index)
    : executor_(std::move(executor)),
      options_(options),
      control_(control),
      stats_(stats),
      index_(index),
      schedule_(options.mix, index * 7) {
  MessageSpec spec;
  spec.source = parse_sme_address(options.source);
  spec.destination = parse_sme_address(options.destination);
  spec.registered_delivery = options.registered_delivery ? kRegisteredDeliveryFinal : 0;
  for (size_t kind = 0; kind < kMessageKindCount; ++kind) {
    if (options.mix.weights[kind] == 0) continue;
    spec.text = std::string(message_kind_text(static_cast<MessageKind>(kind)));
    templates_[kind] = build_submit_sms(spec).parts;
  }
  reference_ = static_cast<uint16_t>(index * 257);
}

asio::awaitable<BindResult> LoadSession::connect_and_bind() {
  session_ = EsmeSession::create(executor_, options_.session);
  session_->on_deliver([this](const codec::Pdu&, const IncomingReceipt* receipt) { on_deliver(receipt); });
  co_return co_await session_->connect_and_bind();
}

asio::awaitable<void> LoadSession::run() {
  const BindResult bind = co_await connect_and_bind();
  if (!bind.ok) {
    control_.report_error(fmt::format("session {}: {}", index_, bind.error));
    control_.bind_failed.fetch_add(1);
    session_.reset();
    co_return;
  }
  control_.bound.fetch_add(1);

  asio::steady_timer timer(executor_);
  co_await wait_while(timer, LoadPhase::binding);
  if (control_.phase() == LoadPhase::sending) {
    co_await send_loop(timer);
    // (No co_await inside `&&`: g++ 12 evaluates it even when the left side is false.)
    while (options_.rebind) {
      if (!co_await rebind_when_let_go(timer)) break;
      co_await send_loop(timer);
    }
  }
  co_await session_->wait_idle();
  control_.drained.fetch_add(1);
  co_await wait_while(timer, LoadPhase::sending);

  if (session_->closed()) {
    ++stats_.sessions_lost;
    control_.report_error(fmt::format("session {} closed: {}", index_, session_->close_reason()));
  } else if (control_.phase() == LoadPhase::aborting) {
    session_->close("aborted");
  } else {
    co_await session_->unbind();
  }
  stats_.unexpected_responses += session_->unexpected_responses();
  session_.reset();
}

asio::awaitable<bool> LoadSession::rebind_when_let_go(asio::steady_timer& timer) {
  if (session_->bound() || control_.phase() != LoadPhase::sending) co_return false;
  // Unbound by the SMSC: the unbind_resp goes out once our submits in flight have their resps,
  // then the session closes. Closed by it: those submits ended as `closed`, and count as lost.
  const auto give_up = LoadControl::Clock::now() + options_.session.response_timeout + std::chrono::seconds(1);
  while (!session_->closed() && LoadControl::Clock::now() < give_up) {
    timer.expires_after(kPhasePoll);
    co_await timer.async_wait(kNoThrow);
  }
  if (!session_->closed()) session_->close("the SMSC's unbind did not finish");
  stats_.unexpected_responses += session_->unexpected_responses();

  const auto deadline = LoadControl::Clock::now() + options_.session.connect_timeout + options_.session.response_timeout;
  for (;;) {
    const BindResult bind = co_await connect_and_bind();
    if (bind.ok) {
      ++stats_.rebinds;
      co_return true;
    }
    ++(bind.connection_refused ? stats_.connections_refused : stats_.rebind_failures);
    if (LoadControl::Clock::now() >= deadline || control_.phase() != LoadPhase::sending) {
      control_.report_error(fmt::format("session {}: cannot bind again: {}", index_, bind.error));
      co_return false;  // closed: counted as a lost session
    }
    timer.expires_after(kRebindPause);
    co_await timer.async_wait(kNoThrow);
  }
}

asio::awaitable<void> LoadSession::wait_while(asio::steady_timer& timer, LoadPhase phase) {
  while (control_.phase() == phase && !session_->closed()) {
    timer.expires_after(kPhasePoll);
    co_await timer.async_wait(kNoThrow);
  }
}

asio::awaitable<void> LoadSession::send_loop(asio::steady_timer& timer) {
  const uint32_t window = options_.session.window;
  for (;;) {
    const auto now = LoadControl::Clock::now();
    if (now >= control_.send_end || control_.phase() != LoadPhase::sending) co_return;
    if (session_->window_full()) {
      // Resumes once a read's worth of resps has been handled, so the refill goes out in one write.
      if (!co_await session_->wait_for_window()) co_return;
      continue;
    }
    uint32_t room = window - session_->in_flight();
    if (control_.bucket) {
      const TokenBucket::Grant grant = control_.bucket->take(room, now);
      if (grant.tokens == 0) {
        timer.expires_at(std::min(grant.retry_at, control_.send_end));
        co_await timer.async_wait(kNoThrow);
        continue;
      }
      room = grant.tokens;
    }
    for (uint32_t i = 0; i < room; ++i) {
      const SendResult result = send_next();
      if (result == SendResult::sent) continue;
      if (result == SendResult::invalid_pdu) {
        control_.report_error("a submit_sm template does not encode");
        co_return;
      }
      break;
    }
    if (!session_->bound()) co_return;  // closed, or unbinding
  }
}

SendResult LoadSession::send_next() {
  if (message_ == nullptr || next_part_ == message_->size()) {
    message_ = &templates_[static_cast<size_t>(schedule_.next())];
    next_part_ = 0;
    // Each long message is a message of its own to whoever reassembles it.
    if (message_->size() > 1) set_concat_reference(*message_, ++reference_);
  }
  const SendResult result =
      session_->try_send((*message_)[next_part_], [this](const Response& response) { on_response(response); });
  if (result == SendResult::sent) ++next_part_;
  return result;
}

void LoadSession::on_response(const Response& response) {
  const bool measured = response.sent_at >= control_.measure_start && control_.phase() != LoadPhase::binding;
  if (measured) {
    switch (response.outcome) {
      case RequestOutcome::response:
        ++stats_.acknowledged;
        stats_.latency.record(response.latency);
        if (response.command_status() == 0) {
          ++stats_.ok;
        } else {
          ++stats_.errors[response.command_status()];
        }
        break;
      case RequestOutcome::generic_nack:
        ++stats_.acknowledged;
        ++stats_.generic_nacks;
        stats_.latency.record(response.latency);
        break;
      case RequestOutcome::timeout: ++stats_.timeouts; break;
      case RequestOutcome::closed: ++stats_.closed; break;
    }
  }
  if (!options_.registered_delivery || response.outcome != RequestOutcome::response ||
      response.command_status() != 0 || response.pdu->message_id.empty()) {
    return;
  }
  if (measured) ++stats_.receipts_expected;
  const auto match = control_.receipts.expect(response.pdu->message_id, response.sent_at, measured);
  if (match && match->measured) {
    ++stats_.receipts_matched;
    stats_.receipt_latency.record(match->latency);
  }
}

void LoadSession::on_deliver(const IncomingReceipt* receipt) {
  if (receipt == nullptr) {
    ++stats_.mo_received;
    return;
  }
  ++stats_.receipts_received;
  const auto match = control_.receipts.receive(receipt->message_id, LoadControl::Clock::now());
  if (match && match->measured) {
    ++stats_.receipts_matched;
    stats_.receipt_latency.record(match->latency);
  }
}

}  // namespace smppd::tools::bench
