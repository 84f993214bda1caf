#include "plugins/state/redis/redis_state_store.h"

#include <hiredis/hiredis.h>
#include <pthread.h>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <exception>
#include <random>
#include <utility>

#include "plugins/state/redis/batch_reply.h"
#include "plugins/state/redis/batch_script.h"

namespace smppd::plugins::redis {
namespace {

namespace state = smppd::cxx::state;
using smppd::cxx::LogLevel;
using Clock = std::chrono::steady_clock;

std::string_view text_of(const redisReply& reply) {
  return reply.str != nullptr ? std::string_view(reply.str, reply.len) : std::string_view();
}

uint64_t random_seed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

// Counts an execute() call for close(), which waits until none runs.
class CallerScope {
 public:
  explicit CallerScope(std::atomic<int32_t>& callers) : callers_(callers) { callers_.fetch_add(1, std::memory_order_acq_rel); }
  ~CallerScope() { callers_.fetch_sub(1, std::memory_order_acq_rel); }
  CallerScope(const CallerScope&) = delete;
  CallerScope& operator=(const CallerScope&) = delete;

 private:
  std::atomic<int32_t>& callers_;
};

}  // namespace

// A batch taken by execute(): its operations and its one answer. A batch destroyed unanswered (a
// queued handler dropped at close) answers UNAVAILABLE, so none is ever lost.
class RedisStateStore::Batch {
 public:
  Batch(std::vector<state::StateOp> batch_ops, BatchDone done, RedisStateStore& store)
      : ops(std::move(batch_ops)), done_(std::move(done)), store_(store) {}
  ~Batch() {
    if (done_) finish(state::refused_batch(ops.size(), {state::StateCode::unavailable, "the redis state store closed before answering"}));
  }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  void finish(const state::BatchResult& result) noexcept {
    BatchDone done = std::move(done_);
    done_ = nullptr;
    store_.pending_.fetch_sub(1, std::memory_order_acq_rel);
    const StoreHost& host = *store_.host_;
    host.gauge_add(StoreGauge::pending, -1);
    if (result.status.code == state::StateCode::unavailable) host.count(StoreCounter::unavailable);
    if (result.status.code == state::StateCode::error) host.count(StoreCounter::errors);
    try {
      if (done) done(result);
    } catch (...) {
      host.log(LogLevel::error, "a batch's completion threw");
    }
  }

  const std::vector<state::StateOp> ops;

 private:
  BatchDone done_;
  RedisStateStore& store_;
};

// One subscribed channel: its receivers, and whether Redis confirmed the SUBSCRIBE on the
// current subscriber connection.
class RedisStateStore::Subscription final : public SubscriptionSink {
 public:
  Subscription(std::string channel_name, std::string channel_in_redis, const StoreHost& host)
      : name(std::move(channel_name)), redis_channel(std::move(channel_in_redis)), host_(host) {}

  void on_subscription_reply(const redisReply& reply) override {
    if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 3 || reply.element[0]->type != REDIS_REPLY_STRING) return;
    const std::string_view kind = text_of(*reply.element[0]);
    if (kind == "message" && reply.element[2]->type == REDIS_REPLY_STRING) {
      const std::string_view message = text_of(*reply.element[2]);
      for (const MessageFn& receiver : receivers) {
        try {
          receiver(name, message);
        } catch (...) {
          host_.log(LogLevel::error, "a subscriber of channel '" + name + "' threw");
        }
      }
    } else if (kind == "subscribe") {
      confirmed = true;
      for (const auto& waiter : waiters) waiter->set_value();
      waiters.clear();
    }
  }

  const std::string name;
  const std::string redis_channel;
  std::vector<MessageFn> receivers;
  bool confirmed = false;
  std::vector<std::shared_ptr<std::promise<void>>> waiters;  // subscribe() calls waiting for confirmation

 private:
  const StoreHost& host_;
};

RedisStateStore::RedisStateStore(RedisConfig config, std::shared_ptr<const StoreHost> host)
    : config_(std::move(config)),
      layout_(config_.key_prefix),
      host_(std::move(host)),
      work_(io_.get_executor()),
      locator_(io_, config_),
      backoff_(config_.reconnect_min, config_.reconnect_max, random_seed()),
      subscriber_backoff_(config_.reconnect_min, config_.reconnect_max, random_seed()),
      reconnect_timer_(io_),
      subscriber_timer_(io_),
      command_timer_(io_),
      heartbeat_timer_(io_) {
  host_->gauge_set(StoreGauge::connected, 0);
}

RedisStateStore::~RedisStateStore() { close(); }

OpenOutcome RedisStateStore::open() {
  std::future<OpenOutcome> outcome = first_outcome_.get_future();
  thread_ = std::thread([this] { run(); });
  boost::asio::post(io_, [this] { start_connecting(); });
  const auto budget = config_.connect_timeout * static_cast<int64_t>(config_.sentinels.size() + 1) + std::chrono::seconds(1);
  if (outcome.wait_for(budget) != std::future_status::ready) {
    return OpenOutcome{OpenOutcome::Kind::unreachable, config_.describe() + " did not answer in time"};
  }
  return outcome.get();
}

void RedisStateStore::run() noexcept {
  (void)pthread_setname_np(pthread_self(), "smppd-redis");
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {
      log(LogLevel::error, std::string("the redis store's thread caught: ") + e.what());
    } catch (...) {
      log(LogLevel::error, "the redis store's thread caught a non-standard exception");
    }
  }
}

// ---- batches -------------------------------------------------------------------------------------

void RedisStateStore::refuse(const BatchDone& done, size_t op_count, state::StateCode code, std::string message) {
  host_->count(code == state::StateCode::busy ? StoreCounter::busy : StoreCounter::unavailable);
  try {
    done(state::refused_batch(op_count, state::StateStatus{code, std::move(message)}));
  } catch (...) {
    log(LogLevel::error, "a batch's completion threw");
  }
}

void RedisStateStore::execute(std::vector<state::StateOp> ops, BatchDone done) {
  const CallerScope scope(callers_);
  if (closing_.load(std::memory_order_acquire)) {
    refuse(done, ops.size(), state::StateCode::unavailable, "the redis state store is closed");
    return;
  }
  if (!ready_.load(std::memory_order_acquire)) {
    refuse(done, ops.size(), state::StateCode::unavailable, unavailable_message());
    return;
  }
  if (pending_.fetch_add(1, std::memory_order_acq_rel) >= config_.max_pending) {
    pending_.fetch_sub(1, std::memory_order_acq_rel);
    refuse(done, ops.size(), state::StateCode::busy,
           "more than max_pending (" + std::to_string(config_.max_pending) + ") batches wait for redis");
    return;
  }
  host_->gauge_add(StoreGauge::pending, 1);
  auto batch = std::make_unique<Batch>(std::move(ops), std::move(done), *this);
  boost::asio::post(io_, [this, batch = std::move(batch)]() mutable { send_batch(std::move(batch)); });
}

void RedisStateStore::send_batch(std::unique_ptr<Batch> batch) {
  if (shut_down_ || main_ == nullptr || !main_->ready()) {
    batch->finish(state::refused_batch(batch->ops.size(), {state::StateCode::unavailable, unavailable_message()}));
    return;
  }
  const uint64_t id = next_batch_id_++;
  const auto entry = in_flight_.emplace(id, InFlight{std::move(batch), Clock::now() + config_.command_timeout}).first;
  host_->count(StoreCounter::batches);
  if (!send_script(id, entry->second)) {
    finish_in_flight(entry, state::refused_batch(entry->second.batch->ops.size(),
                                                 {state::StateCode::unavailable, unavailable_message()}));
    return;
  }
  arm_command_timer();
}

bool RedisStateStore::send_script(uint64_t id, InFlight& entry) {
  const ScriptCall call = encode_batch(entry.batch->ops, layout_);
  const std::vector<std::string_view> argv =
      entry.whole_script ? call.argv("EVAL", kBatchScript) : call.argv("EVALSHA", script_sha_);
  if (!main_ || !main_->send(argv, [this, id](const redisReply* reply) { on_batch_reply(id, reply); })) return false;
  host_->count(StoreCounter::commands_sent);
  return true;
}

void RedisStateStore::on_batch_reply(uint64_t id, const redisReply* reply) {
  const auto entry = in_flight_.find(id);
  if (entry == in_flight_.end()) return;
  const size_t op_count = entry->second.batch->ops.size();
  if (reply == nullptr) {
    finish_in_flight(entry, state::refused_batch(op_count, {state::StateCode::unavailable,
                                                            drop_reason_.empty()
                                                                ? "the connection to redis broke before the batch was "
                                                                  "answered (it may have been applied)"
                                                                : drop_reason_}));
    return;
  }
  host_->count(StoreCounter::round_trips);
  if (!entry->second.whole_script && error_text(*reply).starts_with("NOSCRIPT")) {
    // The script cache was flushed (SCRIPT FLUSH, or a primary without it): send it whole, which
    // caches it again. Batches already pipelined behind this one may then run before it.
    log(LogLevel::warn, "redis lost the batch script (NOSCRIPT): sending it whole");
    entry->second.whole_script = true;
    if (!send_script(id, entry->second)) {
      finish_in_flight(entry, state::refused_batch(op_count, {state::StateCode::unavailable, unavailable_message()}));
    }
    return;
  }
  if (error_text(*reply).starts_with("READONLY")) {
    // The server was demoted to a replica under us (a failover Sentinel did not kill our
    // connection for): the script was refused before it wrote anything. Find the primary again.
    const std::string reason = (main_ ? main_->label() : config_.describe()) + " is no longer the primary (READONLY)";
    finish_in_flight(entry, state::refused_batch(op_count, {state::StateCode::unavailable, reason}));
    boost::asio::post(io_, [this, reason, demoted = main_.get()] {
      if (main_ == nullptr || main_.get() != demoted || shut_down_) return;
      log(LogLevel::warn, reason + "; finding the primary again");
      set_last_error(reason);
      drop_connections(reason);
      schedule_reconnect();
    });
    return;
  }
  const state::BatchResult result = decode_batch_reply(*reply, op_count);
  if (result.status.code == state::StateCode::error && host_->log_enabled(LogLevel::debug)) {
    log(LogLevel::debug, "a batch failed: " + result.status.message);
  }
  finish_in_flight(entry, result);
}

void RedisStateStore::finish_in_flight(InFlightMap::iterator entry, const state::BatchResult& result) {
  const std::unique_ptr<Batch> batch = std::move(entry->second.batch);
  in_flight_.erase(entry);
  batch->finish(result);
  if (drain_waiter_ && in_flight_.empty()) {
    drain_waiter_->set_value();
    drain_waiter_.reset();
  }
}

// One timer for every batch in flight: they were sent in order, so the oldest expires first.
void RedisStateStore::arm_command_timer() {
  if (command_timer_armed_ || in_flight_.empty() || shut_down_) return;
  command_timer_armed_ = true;
  command_timer_.expires_at(in_flight_.begin()->second.deadline);
  command_timer_.async_wait([this](const boost::system::error_code& error) {
    command_timer_armed_ = false;
    if (!error) on_command_timer();
  });
}

void RedisStateStore::on_command_timer() {
  if (in_flight_.empty() || shut_down_) return;
  if (in_flight_.begin()->second.deadline > Clock::now()) {
    arm_command_timer();
    return;
  }
  reset_unanswered("a batch");
}

// A connection that leaves a batch or a PING unanswered too long is dropped and redone.
void RedisStateStore::reset_unanswered(const std::string& what) {
  host_->count(StoreCounter::timeouts);
  const std::string reason = (main_ ? main_->label() : config_.describe()) + " did not answer " + what + " within " +
                             std::to_string(config_.command_timeout.count()) +
                             " ms: the connection is reset, and the batches in flight end unavailable (each may "
                             "still have been applied)";
  log(LogLevel::warn, reason);
  set_last_error(reason);
  drop_connections(reason);
  schedule_reconnect();
}

void RedisStateStore::schedule_heartbeat() {
  if (shut_down_) return;
  heartbeat_timer_.expires_after(std::min<std::chrono::milliseconds>(config_.command_timeout, std::chrono::seconds(1)));
  heartbeat_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) on_heartbeat();
  });
}

void RedisStateStore::on_heartbeat() {
  if (main_ == nullptr || !main_->ready()) return;  // the next connection starts its own
  if (ping_sent_) {
    if (Clock::now() - *ping_sent_ >= config_.command_timeout) {
      reset_unanswered("PING");
      return;
    }
  } else if (in_flight_.empty()) {  // batches in flight have their own deadline
    const std::string_view ping[] = {"PING"};
    RedisConnection* connection = main_.get();
    if (main_->send(ping, [this, connection](const redisReply* reply) {
          if (reply != nullptr && main_.get() == connection) ping_sent_.reset();
        })) {
      ping_sent_ = Clock::now();
      host_->count(StoreCounter::commands_sent);
    }
  }
  schedule_heartbeat();
}

// ---- connections ---------------------------------------------------------------------------------

void RedisStateStore::start_connecting() {
  if (shut_down_) return;
  locator_.locate([this](std::optional<Endpoint> primary, const std::string& error, bool fatal) {
    if (!primary) {
      attempt_failed(error, fatal);
      return;
    }
    connect_primary(*primary);
  });
}

void RedisStateStore::connect_primary(const Endpoint& primary) {
  std::vector<HandshakeStep> steps;
  if (!config_.password.empty()) {
    std::vector<std::string> auth{"AUTH"};
    if (!config_.username.empty()) auth.push_back(config_.username);
    auth.push_back(config_.password);
    steps.push_back(HandshakeStep{std::move(auth), {}, true});
  }
  if (config_.database != 0) steps.push_back(HandshakeStep{{"SELECT", std::to_string(config_.database)}, {}, true});
  steps.push_back(HandshakeStep{{"ROLE"},
                                [](const redisReply& reply) -> std::string {
                                  if (reply.type != REDIS_REPLY_ARRAY || reply.elements == 0 ||
                                      reply.element[0]->type != REDIS_REPLY_STRING) {
                                    return "it answered ROLE with a reply of the wrong shape";
                                  }
                                  const std::string_view role = text_of(*reply.element[0]);
                                  if (role == "master") return {};
                                  return "it is a " + std::string(role) + ", not the primary";
                                },
                                false});
  steps.push_back(HandshakeStep{{"SCRIPT", "LOAD", std::string(kBatchScript)},
                                [this](const redisReply& reply) -> std::string {
                                  if (reply.type != REDIS_REPLY_STRING || reply.len != 40) {
                                    return "it answered SCRIPT LOAD with a reply of the wrong shape";
                                  }
                                  script_sha_.assign(reply.str, reply.len);
                                  return {};
                                },
                                true});
  main_ = std::make_unique<RedisConnection>(io_, "redis at " + primary.text());
  main_->open(primary, std::move(steps), config_.connect_timeout,
              RedisConnection::Handlers{[this, primary] { on_connected(primary); },
                                        [this](const std::string& reason, bool fatal) { attempt_failed(reason, fatal); },
                                        [this](const std::string& reason) { on_lost(reason); }});
}

void RedisStateStore::on_connected(const Endpoint& primary) {
  backoff_.reset();
  if (connected_before_) host_->count(StoreCounter::reconnects);
  std::string where = primary.text();
  if (config_.database != 0) where += " (database " + std::to_string(config_.database) + ")";
  if (last_primary_ && *last_primary_ != primary) {
    host_->count(StoreCounter::failovers);
    log(LogLevel::warn, "failover: the primary '" + config_.master_name + "' is now " + where + " (was " +
                            last_primary_->text() + ")");
  } else {
    log(LogLevel::info, std::string(connected_before_ ? "reconnected" : "connected") + " to redis at " + where);
  }
  connected_before_ = true;
  last_primary_ = primary;
  last_failure_logged_.clear();
  set_ready(true);
  report_first_outcome(OpenOutcome{OpenOutcome::Kind::connected, {}});
  ping_sent_.reset();
  schedule_heartbeat();
  start_subscriber();
}

void RedisStateStore::attempt_failed(const std::string& reason, bool fatal) {
  main_.reset();
  set_ready(false);
  set_last_error(reason);
  host_->count(StoreCounter::errors);
  report_first_outcome(OpenOutcome{fatal ? OpenOutcome::Kind::refused : OpenOutcome::Kind::unreachable, reason});
  if (shut_down_) return;
  // The same failure again and again is logged once, then at debug level until something changes.
  const LogLevel level = reason != last_failure_logged_ ? (fatal ? LogLevel::error : LogLevel::warn) : LogLevel::debug;
  last_failure_logged_ = reason;
  if (host_->log_enabled(level)) log(level, "cannot connect: " + reason + "; trying again");
  schedule_reconnect();
}

void RedisStateStore::on_lost(const std::string& reason) {
  log(LogLevel::warn, "disconnected: " + reason + "; reconnecting");
  set_last_error(reason);
  drop_connections(reason);
  schedule_reconnect();
}

void RedisStateStore::drop_connections(const std::string& reason) {
  set_ready(false);
  drop_reason_ = reason;
  main_.reset();  // the batches it still waits for end UNAVAILABLE, told `reason`
  drop_reason_.clear();
  ping_sent_.reset();
  heartbeat_timer_.cancel();
  subscriber_.reset();
  subscriber_timer_.cancel();
  for (auto& [name, subscription] : subscriptions_) subscription->confirmed = false;
}

void RedisStateStore::schedule_reconnect() {
  if (shut_down_) return;
  reconnect_timer_.expires_after(backoff_.next());
  reconnect_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) start_connecting();
  });
}

void RedisStateStore::report_first_outcome(OpenOutcome outcome) {
  if (first_outcome_reported_) return;
  first_outcome_reported_ = true;
  first_outcome_.set_value(std::move(outcome));
}

void RedisStateStore::set_ready(bool ready) {
  if (ready_.exchange(ready, std::memory_order_acq_rel) != ready) host_->gauge_set(StoreGauge::connected, ready ? 1 : 0);
}

void RedisStateStore::set_last_error(std::string error) {
  const std::lock_guard lock(last_error_mutex_);
  last_error_ = std::move(error);
}

std::string RedisStateStore::unavailable_message() const {
  const std::lock_guard lock(last_error_mutex_);
  return "not connected to " + config_.describe() + (last_error_.empty() ? std::string() : " (" + last_error_ + ")");
}

// ---- subscriptions -------------------------------------------------------------------------------

void RedisStateStore::subscribe(std::string channel, MessageFn fn) {
  if (closing_.load(std::memory_order_acquire)) return;
  auto confirmed = std::make_shared<std::promise<void>>();
  std::future<void> confirmation = confirmed->get_future();
  boost::asio::post(io_, [this, channel = std::move(channel), fn = std::move(fn), confirmed]() mutable {
    add_subscription(channel, std::move(fn), confirmed);
  });
  if (ready_.load(std::memory_order_acquire)) (void)confirmation.wait_for(config_.connect_timeout * 2);
}

void RedisStateStore::add_subscription(const std::string& channel, MessageFn fn,
                                       const std::shared_ptr<std::promise<void>>& confirmed) {
  std::unique_ptr<Subscription>& subscription = subscriptions_[channel];
  const bool new_channel = subscription == nullptr;
  if (new_channel) subscription = std::make_unique<Subscription>(channel, layout_.channel(channel), *host_);
  subscription->receivers.push_back(std::move(fn));
  if (subscription->confirmed) {
    confirmed->set_value();
    return;
  }
  subscription->waiters.push_back(confirmed);
  if (subscriber_ == nullptr) {
    start_subscriber();
  } else if (subscriber_->ready() && new_channel) {
    (void)subscriber_->subscribe(subscription->redis_channel, subscription.get());
  }  // else: connecting, and on_ready subscribes every channel
}

void RedisStateStore::start_subscriber() {
  if (shut_down_ || subscriptions_.empty() || subscriber_ != nullptr || !ready_.load() || !last_primary_) return;
  std::vector<HandshakeStep> steps;
  if (!config_.password.empty()) {
    std::vector<std::string> auth{"AUTH"};
    if (!config_.username.empty()) auth.push_back(config_.username);
    auth.push_back(config_.password);
    steps.push_back(HandshakeStep{std::move(auth), {}, true});
  }
  subscriber_ = std::make_unique<RedisConnection>(io_, "redis subscriber at " + last_primary_->text());
  subscriber_->open(*last_primary_, std::move(steps), config_.connect_timeout,
                    RedisConnection::Handlers{[this] {
                                                subscriber_backoff_.reset();
                                                for (auto& [name, subscription] : subscriptions_) {
                                                  subscription->confirmed = false;
                                                  (void)subscriber_->subscribe(subscription->redis_channel,
                                                                               subscription.get());
                                                }
                                              },
                                              [this](const std::string& reason, bool) { subscriber_failed(reason); },
                                              [this](const std::string& reason) { subscriber_failed(reason); }});
}

void RedisStateStore::subscriber_failed(const std::string& reason) {
  subscriber_.reset();
  for (auto& [name, subscription] : subscriptions_) subscription->confirmed = false;
  if (shut_down_) return;
  log(LogLevel::warn, "subscriptions interrupted: " + reason + "; subscribing again");
  subscriber_timer_.expires_after(subscriber_backoff_.next());
  subscriber_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) start_subscriber();
  });
}

// ---- close ---------------------------------------------------------------------------------------

void RedisStateStore::close() {
  if (closed_) return;
  closed_ = true;
  closing_.store(true, std::memory_order_release);
  while (callers_.load(std::memory_order_acquire) > 0) std::this_thread::yield();
  if (thread_.joinable()) {
    // Batches already posted are sent before this runs; then wait for Redis to answer them.
    auto drained = std::make_shared<std::promise<void>>();
    std::future<void> drain = drained->get_future();
    boost::asio::post(io_, [this, drained] {
      if (in_flight_.empty()) {
        drained->set_value();
      } else {
        drain_waiter_ = drained;
      }
    });
    (void)drain.wait_for(config_.command_timeout + std::chrono::milliseconds(100));
    boost::asio::post(io_, [this] { shut_down_on_thread(); });
    thread_.join();
  }
  work_.reset();
  set_ready(false);
}

void RedisStateStore::shut_down_on_thread() {
  shut_down_ = true;
  drain_waiter_.reset();
  reconnect_timer_.cancel();
  subscriber_timer_.cancel();
  command_timer_.cancel();
  heartbeat_timer_.cancel();
  locator_.cancel();
  subscriber_.reset();
  drop_reason_ = "the redis state store closed before redis answered (the batch may have been applied)";
  main_.reset();
  set_ready(false);
  if (connected_before_) log(LogLevel::info, "closed the connection to redis");
  io_.stop();  // batches still queued end UNAVAILABLE when the io_context is destroyed
}

}  // namespace smppd::plugins::redis
