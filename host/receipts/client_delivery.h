#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_set>

#include "host/codec/pdu.h"
#include "host/receipts/client_registry.h"
#include "host/state/state_store.h"
#include "host/stats/stats_store.h"

namespace smppd::receipts {

// Gets receipts and MO to a client: to one of its bound receivers (trying the others when one
// refuses), or, with none bound, into the client's durable outbox in the state store, which is
// sent as soon as a receiver binds. An item leaves the outbox only once the client accepted it.
class ClientDelivery {
 public:
  struct Settings {
    std::chrono::milliseconds outbox_ttl{std::chrono::hours(72)};
    uint32_t drain_batch = 100;
  };

  ClientDelivery(ClientRegistry& registry, state::StateStore& store, boost::asio::any_io_executor control,
                 Settings settings);

  // Any thread. `done` runs on `caller` with true once the client accepted the message or it is
  // durably in the outbox, false when neither could be done (the sender should retry later).
  void deliver(const std::string& system_id, codec::Pdu message, boost::asio::any_io_executor caller,
               std::function<void(bool)> done);
  // A receiver of the client bound: send what waits in its outbox.
  void drain(const std::string& system_id);

  static std::string outbox_list(const std::string& system_id) { return "outbox/" + system_id; }

 private:
  void attempt(std::string system_id, codec::Pdu message, uint64_t exclude, uint32_t attempts_left,
               std::function<void(bool)> finish);
  void to_outbox(const std::string& system_id, const codec::Pdu& message, std::function<void(bool)> finish);
  boost::asio::awaitable<void> drain_outbox(std::string system_id);
  boost::asio::awaitable<void> remove_item(const std::string& list, uint64_t id);

  ClientRegistry& registry_;
  state::StateStore& store_;
  boost::asio::any_io_executor control_;
  Settings settings_;
  std::mutex mutex_;
  std::unordered_set<std::string> draining_;
  std::unordered_set<std::string> drain_again_;

  stats::Metric& delivered_;
  stats::Metric& refused_;
  stats::Metric& queued_;
  stats::Metric& drained_;
  stats::Metric& store_failures_;
};

}  // namespace smppd::receipts
