#include "host/upstream/upstream_bind.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <optional>
#include <random>

#include "host/async/no_throw.h"
#include "host/codec/command_status.h"
#include "host/codec/receipt/receipt_request.h"
#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"
#include "host/server/transport.h"

namespace smppd::upstream {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
namespace status = codec::status;
using Clock = std::chrono::steady_clock;

namespace {

using smppd::async::kNoThrow;

const auto& log() {
  static const auto logger = logging::get("upstream");
  return logger;
}

std::atomic<uint64_t> g_next_bind_id{1};

bool is_backoff_status(uint32_t command_status) {
  return command_status == status::kThrottled || command_status == status::kMsgQFul;
}

}  // namespace

UpstreamBind::UpstreamBind(Endpoint& endpoint, uint32_t index, asio::io_context& worker, int32_t worker_index,
                           Shared shared)
    : endpoint_(endpoint),
      worker_(worker),
      worker_index_(worker_index),
      shared_(std::move(shared)),
      name_(shared_.cluster + "/" + endpoint.config.name + "#" + std::to_string(index)),
      id_(g_next_bind_id.fetch_add(1, std::memory_order_relaxed)),
      pump_timer_(worker),
      state_signal_(worker) {}

void UpstreamBind::start() {
  auto self = shared_from_this();
  asio::co_spawn(worker_, [self] { return self->connect_loop(); }, server::log_exceptions("bind " + name_));
}

void UpstreamBind::stop() {
  asio::post(worker_, [self = shared_from_this()] {
    self->stopped_ = true;
    self->fail_queue(SubmitOutcome::not_sent);
    if (self->session_) self->session_->unbind();
    self->state_signal_.cancel();
    self->pump_timer_.cancel();
  });
}

// ---- connecting ----------------------------------------------------------------------------

std::chrono::milliseconds UpstreamBind::next_backoff() {
  // reconnect_min doubling per failed attempt up to reconnect_max, with ±20% jitter so that
  // binds refused together (an SMSC restart) do not come back in lock-step.
  thread_local std::mt19937_64 random{std::random_device{}()};
  const auto min = endpoint_.config.reconnect_min.count();
  const auto max = endpoint_.config.reconnect_max.count();
  const uint32_t doublings = std::min<uint32_t>(failed_attempts_, 20);
  const double base = std::min<double>(static_cast<double>(max), static_cast<double>(min) * static_cast<double>(1u << doublings));
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return std::chrono::milliseconds(static_cast<int64_t>(base * jitter(random)));
}

asio::awaitable<void> UpstreamBind::connect_loop() {
  auto self = shared_from_this();
  const config::EndpointConfig& config = endpoint_.config;
  tcp::resolver resolver(worker_);
  asio::steady_timer timer(worker_);
  while (!stopped_) {
    auto [resolve_error, results] = co_await resolver.async_resolve(config.address, std::to_string(config.port), kNoThrow);
    std::string failure;
    tcp::socket socket(worker_);
    if (resolve_error) {
      failure = "cannot resolve " + config.address + ": " + resolve_error.message();
    } else {
      timer.expires_after(config.response_timeout);
      auto outcome = co_await (asio::async_connect(socket, results, kNoThrow) || timer.async_wait(kNoThrow));
      if (outcome.index() == 1) {
        failure = "connect timed out";
      } else if (auto [connect_error, endpoint] = std::get<0>(outcome); connect_error) {
        failure = "connect failed: " + connect_error.message();
      }
    }
    if (!failure.empty()) {
      shared_.stats->upstream_cx_connect_fail.add(1);
      ++failed_attempts_;
      const auto delay = next_backoff();
      log()->warn("bind {} to {}:{}: {}; retrying in {} ms", name_, config.address, config.port, failure, delay.count());
      state_signal_.expires_after(delay);  // stop() cuts the wait short
      co_await state_signal_.async_wait(kNoThrow);
      continue;
    }

    shared_.stats->upstream_cx_total.add(1);
    shared_.stats->upstream_cx_active.add(1);
    auto transport = shared_.tls ? server::make_tls_client_transport(std::move(socket), *shared_.tls,
                                                                     config.tls.server_name.empty() ? config.address
                                                                                                    : config.tls.server_name)
                                 : server::make_tcp_transport(std::move(socket));
    smpp::ConnectionCounters counters{&shared_.stats->pdu_malformed, &shared_.stats->pdu_unexpected_response,
                                      &shared_.stats->connection_closed_malformed,
                                      &shared_.stats->connection_closed_timeout};
    std::optional<uint32_t> bind_status;
    bool session_closed = false;
    std::weak_ptr<UpstreamBind> weak = weak_from_this();
    UpstreamSession::Callbacks callbacks;
    callbacks.on_bind = [this, weak, &bind_status](uint32_t result) {
      if (weak.expired()) return;
      bind_status = result;
      state_signal_.cancel();
    };
    callbacks.on_inbound = [this, weak](codec::Pdu request) {
      if (weak.expired()) return;
      shared_.stats->inbound_total.add(1);
      const codec::CommandId command = request.command_id;
      const uint32_t sequence = request.sequence_number;
      std::weak_ptr<UpstreamSession> session = session_;
      InboundResponder respond = [executor = worker_.get_executor(), session, command, sequence](uint32_t answer_status) {
        asio::post(executor, [session, command, sequence, answer_status] {
          if (auto alive = session.lock()) {
            codec::Pdu original;
            original.command_id = command;
            original.sequence_number = sequence;
            alive->answer(original, answer_status);
          }
        });
      };
      shared_.inbound->on_inbound(shared_.cluster, std::move(request), std::move(respond), worker_.get_executor());
    };
    callbacks.on_closed = [this, weak, &session_closed](std::string_view) {
      if (weak.expired()) return;
      session_closed = true;
      state_signal_.cancel();
    };
    session_ = std::make_shared<UpstreamSession>(std::move(transport), worker_.get_executor(), config, name_, counters,
                                                 std::move(callbacks));
    session_->start();
    session_->bind();

    while (!bind_status && !session_closed && !stopped_) {
      state_signal_.expires_at(asio::steady_timer::time_point::max());
      co_await state_signal_.async_wait(kNoThrow);
    }
    if (bind_status && *bind_status == status::kOk && !session_closed) {
      failed_attempts_ = 0;
      bound_ = true;
      shared_.stats->bind_success.add(1);
      endpoint_.stats.binds_bound.add(1);
      log()->info("bind {} to {}:{} bound as {}", name_, config.address, config.port, config.system_id);
      pump();
      while (!session_closed && !stopped_) {
        state_signal_.expires_at(asio::steady_timer::time_point::max());
        co_await state_signal_.async_wait(kNoThrow);
      }
      bound_ = false;
      endpoint_.stats.binds_bound.add(-1);
      log()->warn("bind {} to {}:{} lost", name_, config.address, config.port);
    } else if (bind_status) {
      shared_.stats->bind_failure.add(1);
      ++failed_attempts_;
      log()->warn("bind {} to {}:{} refused: {} (0x{:08X})", name_, config.address, config.port,
                  codec::command_status_name(*bind_status), *bind_status);
    } else {
      ++failed_attempts_;
    }
    // Queued submits never left: they may go elsewhere. Those in flight were ended by the session.
    while (!session_closed) {
      state_signal_.expires_at(asio::steady_timer::time_point::max());
      co_await state_signal_.async_wait(kNoThrow);
    }
    session_.reset();
    shared_.stats->upstream_cx_active.add(-1);
    fail_queue(SubmitOutcome::not_sent);
    if (stopped_) break;
    state_signal_.expires_after(failed_attempts_ == 0 ? config.reconnect_min : next_backoff());
    co_await state_signal_.async_wait(kNoThrow);
  }
}

// ---- submitting ----------------------------------------------------------------------------

void UpstreamBind::submit(codec::Pdu& request, SubmitHandler done) {
  if (stopped_ || !bound_) {
    done(SubmitOutcome{SubmitOutcome::not_sent, 0, {}});
    return;
  }
  ++pending_;
  queue_.push_back(Queued{&request, std::move(done), 0, {}, next_order_++});
  pump();
}

void UpstreamBind::pump() {
  // pump runs for every message and every resp: the clock only for a pause or a rate to check.
  std::optional<Clock::time_point> now;
  const auto current = [&now] { return now ? *now : *(now = Clock::now()); };
  if (paused_ && current() >= paused_until_) paused_ = false;
  while (!queue_.empty() && session_ && bound_ && !session_->closing() && in_flight_ < endpoint_.config.window) {
    if (paused_) break;
    if (endpoint_.rate) {
      const auto wait = endpoint_.rate->acquire(current());
      if (wait.count() > 0) {
        pump_timer_.expires_after(wait);
        pump_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
          if (auto self = weak.lock(); self && !ec) self->pump();
        });
        return;
      }
    }
    Queued item = std::move(queue_.front());
    queue_.pop_front();
    send(std::move(item));
  }
  if (paused_ && !queue_.empty()) {
    pump_timer_.expires_at(paused_until_);
    pump_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->pump();
    });
  }
}

void UpstreamBind::send(Queued item) {
  ++in_flight_;
  shared_.stats->upstream_rq_total.add(1);
  const auto now = Clock::now();
  if (item.first_sent == Clock::time_point{}) item.first_sent = now;
  auto shared_item = std::make_shared<Queued>(std::move(item));
  // The item keeps its request for a resend after a throttle.
  session_->send_kept_request(*shared_item->request, [self = shared_from_this(), shared_item](const codec::Pdu* response) {
    --self->in_flight_;
    Queued& sent = *shared_item;
    auto& stats = *self->shared_.stats;
    if (response == nullptr) {
      stats.upstream_rq_timeout.add(1);
      self->endpoint_.stats.rq_timeout.add(1);
      self->finish(sent, SubmitOutcome{SubmitOutcome::unknown, 0, {}});
    } else if (is_backoff_status(response->command_status) && sent.throttle_retries < kMaxThrottleRetries &&
               !self->stopped_) {
      // Pause this bind and resend in order once the pause is over.
      stats.upstream_rq_throttled.add(1);
      stats.upstream_rq_retry.add(1);
      ++sent.throttle_retries;
      self->paused_until_ = Clock::now() + self->endpoint_.config.throttle_pause;
      self->paused_ = true;
      // Back into the queue in its original order, ahead of everything submitted after it.
      auto position = std::find_if(self->queue_.begin(), self->queue_.end(),
                                   [&](const Queued& queued) { return queued.order > sent.order; });
      self->queue_.insert(position, std::move(sent));
    } else {
      const uint32_t result = response->command_status;
      if (is_backoff_status(result)) {
        stats.upstream_rq_throttled.add(1);
        log()->debug("bind {}: still {} after {} resends; the client gets it", self->name_,
                     codec::command_status_name(result), sent.throttle_retries);
      }
      stats.upstream_rq_time_us.record(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent.first_sent).count()));
      if (result == status::kOk) {
        stats.upstream_rq_success.add(1);
        self->endpoint_.stats.rq_success.add(1);
        if (!response->message_id.empty() && codec::asks_for_receipt(sent.request->registered_delivery)) {
          self->shared_.inbound->on_accepted(self->shared_.cluster, response->message_id);
        }
      } else {
        stats.upstream_rq_error.add(1);
        self->endpoint_.stats.rq_error.add(1);
      }
      self->finish(sent, SubmitOutcome{SubmitOutcome::answered, result, response->message_id});
    }
    self->pump();
  }, std::nullopt, now);
}

// Every item taken by submit() ends here, exactly once.
void UpstreamBind::finish(Queued& item, SubmitOutcome outcome) {
  --pending_;
  item.done(std::move(outcome));
}

void UpstreamBind::fail_queue(SubmitOutcome::Kind kind) {
  auto queued = std::move(queue_);
  queue_.clear();
  for (Queued& item : queued) finish(item, SubmitOutcome{kind, 0, {}});
}

void UpstreamBind::probe(std::chrono::milliseconds timeout, std::function<void(bool)> done) {
  if (!session_ || !bound_ || session_->closing()) {
    done(false);
    return;
  }
  codec::Pdu enquire;
  enquire.command_id = codec::CommandId::enquire_link;
  session_->send_request(std::move(enquire), [done = std::move(done)](const codec::Pdu* response) {
    done(response != nullptr && response->command_status == status::kOk);
  }, timeout);
}

}  // namespace smppd::upstream
