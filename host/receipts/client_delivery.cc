#include "host/receipts/client_delivery.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "host/async/await_callback.h"
#include "host/codec/pdu_decoder.h"
#include "host/codec/pdu_encoder.h"
#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"

namespace smppd::receipts {

namespace asio = boost::asio;

namespace {

// Delivery tries this many of a client's receivers before the outbox takes the message.
constexpr uint32_t kMaxReceiverAttempts = 3;

const auto& log() {
  static const auto logger = logging::get("delivery");
  return logger;
}

stats::Metric& counter(const char* name) { return stats::StatsStore::process().counter(std::string("smppd.delivery.") + name); }

}  // namespace

ClientDelivery::ClientDelivery(ClientRegistry& registry, state::StateStore& store, asio::any_io_executor control,
                               Settings settings)
    : registry_(registry),
      store_(store),
      control_(std::move(control)),
      settings_(std::move(settings)),
      delivered_(counter("delivered")),
      refused_(counter("refused")),
      queued_(counter("outbox_queued")),
      drained_(counter("outbox_delivered")),
      store_failures_(counter("outbox_store_failure")),
      handoff_duplicates_(counter("handoff_duplicate")),
      lease_busy_(counter("outbox_lease_busy")) {}

void ClientDelivery::start() {
  running_->store(true);
  // The message is a client's name: wake up if one of its receivers is here. The callback may
  // come on the store's own thread, also while the server stops.
  store_.subscribe(kWakeChannel, [this, running = running_](const std::string&, const std::string& system_id) {
    if (!running->load()) return;
    asio::post(control_, [this, running, system_id] {
      if (running->load() && registry_.count(system_id) > 0) drain(system_id);
    });
  });
  sweep_timer_ = std::make_shared<asio::steady_timer>(control_);
  asio::co_spawn(control_, sweep(sweep_timer_), server::log_exceptions("outbox sweep"));
}

void ClientDelivery::stop() {
  running_->store(false);
  if (sweep_timer_) sweep_timer_->cancel();
  sweep_timer_.reset();
}

// The pending outboxes with a receiver here, every sweep_interval: what a lost wake-up or a
// busy lease left behind goes out within one interval.
asio::awaitable<void> ClientDelivery::sweep(std::shared_ptr<asio::steady_timer> timer) {
  while (running_->load()) {
    timer->expires_after(settings_.sweep_interval);
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (!running_->load()) co_return;
    if (registry_.receiver_count() == 0) continue;
    state::StateResult pending =
        co_await state::async_run(store_, state::op::SetMembers{kPendingSet, 100000}, control_, asio::use_awaitable);
    if (!pending.status.ok()) continue;
    for (const state::ListItem& member : pending.items) {
      if (registry_.count(member.value) > 0) drain(member.value);
    }
  }
}

void ClientDelivery::deliver(const std::string& system_id, codec::Pdu message, asio::any_io_executor caller,
                             std::function<void(bool)> done, std::string handoff_key) {
  auto finish = [caller, done = std::move(done)](bool ok) { asio::post(caller, [done, ok] { done(ok); }); };
  attempt(system_id, std::move(message), 0, kMaxReceiverAttempts, std::move(handoff_key), std::move(finish));
}

void ClientDelivery::attempt(std::string system_id, codec::Pdu message, uint64_t exclude, uint32_t attempts_left,
                             std::string handoff_key, std::function<void(bool)> finish) {
  const auto receiver = attempts_left > 0 ? registry_.pick(system_id, exclude) : std::nullopt;
  if (!receiver) {
    to_outbox(system_id, message, handoff_key, std::move(finish));
    return;
  }
  asio::post(receiver->executor, [this, receiver = *receiver, system_id = std::move(system_id),
                                  message = std::move(message), attempts_left, handoff_key = std::move(handoff_key),
                                  finish = std::move(finish)]() mutable {
    auto session = receiver.session.lock();
    if (!session) {
      attempt(std::move(system_id), std::move(message), receiver.session_id, attempts_left - 1, std::move(handoff_key),
              std::move(finish));
      return;
    }
    // The session may answer after this lambda is gone: keep the message for a second try.
    auto kept = std::make_shared<codec::Pdu>(message);
    session->deliver(std::move(message), [this, receiver, system_id = std::move(system_id), kept, attempts_left,
                                          handoff_key = std::move(handoff_key),
                                          finish = std::move(finish)](bool accepted) mutable {
      if (accepted) {
        delivered_.add(1);
        finish(true);
        return;
      }
      refused_.add(1);
      attempt(std::move(system_id), std::move(*kept), receiver.session_id, attempts_left - 1, std::move(handoff_key),
              std::move(finish));
    });
  });
}

void ClientDelivery::to_outbox(const std::string& system_id, const codec::Pdu& message, const std::string& handoff_key,
                               std::function<void(bool)> finish) {
  codec::Pdu stored = message;
  stored.sequence_number = 1;  // a placeholder: the session numbers it when sending
  std::vector<uint8_t> bytes;
  if (codec::encode_pdu(stored, bytes).failed()) {
    log()->error("outbox for {}: cannot encode {}", system_id, codec::command_name(message.command_id));
    finish(false);
    return;
  }
  // One atomic step, one round trip on a shared store: queue, mark pending, wake the nodes.
  std::vector<state::StateOp> ops;
  if (!handoff_key.empty()) ops.emplace_back(state::op::SetIfAbsent{"handoff/" + handoff_key, "1", settings_.outbox_ttl});
  ops.emplace_back(state::op::ListAppend{outbox_list(system_id), std::string(bytes.begin(), bytes.end()),
                                         settings_.outbox_ttl, {}});
  ops.emplace_back(state::op::SetAdd{kPendingSet, system_id});
  ops.emplace_back(state::op::Publish{kWakeChannel, system_id});
  store_.execute(std::move(ops), control_, [this, system_id, finish = std::move(finish)](state::BatchResult result) {
    if (result.status.code == state::StateCode::exists) {
      // Queued already by a node whose answer to the SMSC got lost: once is enough.
      handoff_duplicates_.add(1);
      finish(true);
      return;
    }
    const bool stored_ok = result.status.ok();
    if (stored_ok) {
      queued_.add(1);
      // A receiver may have bound between the pick and the append.
      if (registry_.count(system_id) > 0) drain(system_id);
    } else {
      store_failures_.add(1);
      log()->error("outbox for {}: cannot store: {}", system_id, result.status.to_string());
    }
    finish(stored_ok);
  });
}

void ClientDelivery::drain(const std::string& system_id) {
  {
    std::lock_guard lock(mutex_);
    // One drain per client at a time in this process (the lease does it across nodes); a drain
    // asked for meanwhile runs again when the current one ends, so an item appended at its very
    // end is not stranded.
    if (!draining_.insert(system_id).second) {
      drain_again_.insert(system_id);
      return;
    }
  }
  asio::co_spawn(control_, drain_outbox(system_id), server::log_exceptions("outbox drain for " + system_id));
}

asio::awaitable<void> ClientDelivery::send_window(const std::string& system_id,
                                                  std::vector<std::pair<uint64_t, codec::Pdu>>& window,
                                                  std::vector<uint64_t>& accepted) {
  // The answers come on the receivers' workers, in any order; the last one completes the wait.
  struct Answers {
    explicit Answers(size_t count) : accepted(count, 0), remaining(count) {}
    std::vector<char> accepted;  // each slot written by its own answer, read after the last
    std::atomic<size_t> remaining;
    std::function<void(bool)> complete;
  };
  auto answers = std::make_shared<Answers>(window.size());
  co_await async::await_callback<bool>([&](std::function<void(bool)> complete) {
    answers->complete = std::move(complete);
    for (size_t i = 0; i < window.size(); ++i) {
      auto answered = [answers, i](bool ok) {
        answers->accepted[i] = ok ? 1 : 0;
        if (answers->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) answers->complete(true);
      };
      const auto receiver = registry_.pick(system_id);
      if (!receiver) {
        answered(false);
        continue;
      }
      asio::post(receiver->executor, [session = receiver->session, message = std::move(window[i].second),
                                      answered = std::move(answered)]() mutable {
        if (auto alive = session.lock()) {
          alive->deliver(std::move(message), answered);
        } else {
          answered(false);
        }
      });
    }
  });
  for (size_t i = 0; i < window.size(); ++i) {
    if (answers->accepted[i] != 0) accepted.push_back(window[i].first);
  }
}

asio::awaitable<bool> ClientDelivery::renew_lease(const std::string& system_id) {
  state::StateResult renewed = co_await state::async_run(
      store_, state::op::CompareAndSet{drain_lease(system_id), settings_.lease_owner, settings_.lease_owner, settings_.lease_ttl},
      control_, asio::use_awaitable);
  co_return renewed.status.ok();
}

// The outbox goes out in order, a window of items at a time, each removed once the client accepted
// it (a window's in one removal); a refusal stops the drain after its window (the next bind or
// sweep tries again, from the first item still there).
asio::awaitable<bool> ClientDelivery::send_items(const std::string& system_id) {
  const std::string list = outbox_list(system_id);
  uint64_t after_id = 0;
  auto lease_renewed_at = std::chrono::steady_clock::now();
  while (true) {
    state::StateResult range = co_await state::async_run(
        store_, state::op::ListRange{list, after_id, settings_.drain_batch}, control_, asio::use_awaitable);
    if (!range.status.ok()) co_return false;
    if (range.items.empty()) co_return true;
    const size_t window_size = std::max<uint32_t>(settings_.drain_window, 1);
    for (size_t start = 0; start < range.items.size(); start += window_size) {
      if (std::chrono::steady_clock::now() - lease_renewed_at > settings_.lease_ttl / 3) {
        if (!co_await renew_lease(system_id)) {
          log()->warn("outbox for {}: lost the drain lease; another node goes on", system_id);
          co_return false;
        }
        lease_renewed_at = std::chrono::steady_clock::now();
      }
      if (registry_.count(system_id) == 0) co_return false;
      std::vector<std::pair<uint64_t, codec::Pdu>> window;
      std::vector<uint64_t> undecodable;
      const size_t end = std::min(range.items.size(), start + window_size);
      for (size_t i = start; i < end; ++i) {
        const state::ListItem& item = range.items[i];
        after_id = item.id;
        codec::Pdu message;
        codec::DecodeOptions options;
        options.accept_any_sequence_number = true;
        const auto* bytes = reinterpret_cast<const uint8_t*>(item.value.data());
        if (codec::decode_pdu({bytes, item.value.size()}, message, options).failed()) {
          log()->error("outbox for {}: item {} does not decode; dropping it", system_id, item.id);
          undecodable.push_back(item.id);
          continue;
        }
        window.emplace_back(item.id, std::move(message));
      }
      const size_t sent = window.size();
      std::vector<uint64_t> done;
      if (!window.empty()) co_await send_window(system_id, window, done);
      const size_t accepted = done.size();
      drained_.add(accepted);
      done.insert(done.end(), undecodable.begin(), undecodable.end());
      if (!done.empty()) {
        // Built outside the co_await: g++ 12 cannot keep an initializer list alive across one.
        state::op::ListRemove remove;
        remove.list = list;
        remove.ids = std::move(done);
        co_await state::async_run(store_, std::move(remove), control_, asio::use_awaitable);
      }
      if (accepted < sent) co_return false;
    }
  }
}

asio::awaitable<void> ClientDelivery::drain_outbox(std::string system_id) {
  const std::string lease = drain_lease(system_id);
  state::StateResult taken = co_await state::async_run(
      store_, state::op::SetIfAbsent{lease, settings_.lease_owner, settings_.lease_ttl}, control_, asio::use_awaitable);
  if (taken.status.ok()) {
    bool emptied = co_await send_items(system_id);
    if (emptied) {
      // Not pending any more, unless a node queued between the last range and this removal: look
      // once more after it, and mark it again if so.
      co_await state::async_run(store_, state::op::SetRemove{kPendingSet, system_id}, control_, asio::use_awaitable);
      state::StateResult late = co_await state::async_run(store_, state::op::ListRange{outbox_list(system_id), 0, 1},
                                                         control_, asio::use_awaitable);
      if (late.status.ok() && !late.items.empty()) {
        co_await state::async_run(store_, state::op::SetAdd{kPendingSet, system_id}, control_, asio::use_awaitable);
        std::lock_guard lock(mutex_);
        drain_again_.insert(system_id);
      }
    }
    // Released by expiring it at once, and only if it is still ours.
    co_await state::async_run(store_,
                              state::op::CompareAndSet{lease, settings_.lease_owner, settings_.lease_owner,
                                                       std::chrono::milliseconds(1)},
                              control_, asio::use_awaitable);
  } else if (taken.status.code == state::StateCode::exists) {
    lease_busy_.add(1);  // another node drains it; the sweep looks again
  }
  bool again = false;
  {
    std::lock_guard lock(mutex_);
    draining_.erase(system_id);
    again = drain_again_.erase(system_id) > 0;
  }
  if (again && registry_.count(system_id) > 0) drain(system_id);
}

}  // namespace smppd::receipts
