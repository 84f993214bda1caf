#include "host/receipts/client_delivery.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

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
      settings_(settings),
      delivered_(counter("delivered")),
      refused_(counter("refused")),
      queued_(counter("outbox_queued")),
      drained_(counter("outbox_delivered")),
      store_failures_(counter("outbox_store_failure")) {}

void ClientDelivery::deliver(const std::string& system_id, codec::Pdu message, asio::any_io_executor caller,
                             std::function<void(bool)> done) {
  auto finish = [caller, done = std::move(done)](bool ok) { asio::post(caller, [done, ok] { done(ok); }); };
  attempt(system_id, std::move(message), 0, kMaxReceiverAttempts, std::move(finish));
}

void ClientDelivery::attempt(std::string system_id, codec::Pdu message, uint64_t exclude, uint32_t attempts_left,
                             std::function<void(bool)> finish) {
  const auto receiver = attempts_left > 0 ? registry_.pick(system_id, exclude) : std::nullopt;
  if (!receiver) {
    to_outbox(system_id, message, std::move(finish));
    return;
  }
  asio::post(receiver->executor, [this, receiver = *receiver, system_id = std::move(system_id),
                                  message = std::move(message), attempts_left, finish = std::move(finish)]() mutable {
    auto session = receiver.session.lock();
    if (!session) {
      attempt(std::move(system_id), std::move(message), receiver.session_id, attempts_left - 1, std::move(finish));
      return;
    }
    // The session may answer after this lambda is gone: keep the message for a second try.
    auto kept = std::make_shared<codec::Pdu>(message);
    session->deliver(std::move(message), [this, receiver, system_id = std::move(system_id), kept, attempts_left,
                                          finish = std::move(finish)](bool accepted) mutable {
      if (accepted) {
        delivered_.add(1);
        finish(true);
        return;
      }
      refused_.add(1);
      attempt(std::move(system_id), std::move(*kept), receiver.session_id, attempts_left - 1, std::move(finish));
    });
  });
}

void ClientDelivery::to_outbox(const std::string& system_id, const codec::Pdu& message, std::function<void(bool)> finish) {
  codec::Pdu stored = message;
  stored.sequence_number = 1;  // a placeholder: the session numbers it when sending
  std::vector<uint8_t> bytes;
  if (codec::encode_pdu(stored, bytes).failed()) {
    log()->error("outbox for {}: cannot encode {}", system_id, codec::command_name(message.command_id));
    finish(false);
    return;
  }
  state::op::ListAppend append{outbox_list(system_id), std::string(bytes.begin(), bytes.end()), settings_.outbox_ttl, {}};
  store_.run(std::move(append), control_, [this, system_id, finish = std::move(finish)](state::StateResult result) {
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
    // One drain per client at a time, or items would go out twice; a drain asked for meanwhile
    // runs again when the current one ends, so an item appended at its very end is not stranded.
    if (!draining_.insert(system_id).second) {
      drain_again_.insert(system_id);
      return;
    }
  }
  asio::co_spawn(control_, drain_outbox(system_id), server::log_exceptions("outbox drain for " + system_id));
}

asio::awaitable<void> ClientDelivery::remove_item(const std::string& list, uint64_t id) {
  // Built outside the co_await: g++ 12 cannot keep an initializer list alive across one.
  state::op::ListRemove remove;
  remove.list = list;
  remove.ids.push_back(id);
  co_await state::async_run(store_, std::move(remove), control_, asio::use_awaitable);
}

// The outbox goes out in order, one item after the other, each removed once the client accepted
// it; the first refusal stops the drain (the next bind tries again).
asio::awaitable<void> ClientDelivery::drain_outbox(std::string system_id) {
  const std::string list = outbox_list(system_id);
  uint64_t after_id = 0;
  bool more = true;
  while (more) {
    state::StateResult range = co_await state::async_run(
        store_, state::op::ListRange{list, after_id, settings_.drain_batch}, control_, asio::use_awaitable);
    if (!range.status.ok() || range.items.empty()) break;
    for (const state::ListItem& item : range.items) {
      after_id = item.id;
      codec::Pdu message;
      codec::DecodeOptions options;
      options.accept_any_sequence_number = true;
      const auto* bytes = reinterpret_cast<const uint8_t*>(item.value.data());
      if (codec::decode_pdu({bytes, item.value.size()}, message, options).failed()) {
        log()->error("outbox for {}: item {} does not decode; dropping it", system_id, item.id);
        co_await remove_item(list, item.id);
        continue;
      }
      const auto receiver = registry_.pick(system_id);
      if (!receiver) {
        more = false;
        break;
      }
      const bool accepted = co_await async::await_callback<bool>([&](std::function<void(bool)> complete) {
        asio::post(receiver->executor, [session = receiver->session, message = std::move(message), complete]() mutable {
          if (auto alive = session.lock()) {
            alive->deliver(std::move(message), complete);
          } else {
            complete(false);
          }
        });
      });
      if (!accepted) {
        more = false;
        break;
      }
      drained_.add(1);
      co_await remove_item(list, item.id);
    }
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
