#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "host/codec/pdu.h"
#include "host/receipts/client_registry.h"
#include "host/state/state_store.h"
#include "host/stats/stats_store.h"

namespace smppd::receipts {

// Gets receipts and MO to a client: to one of its receivers bound to this node (trying the
// others when one refuses), or, with none bound here, into the client's durable outbox in the
// state store, which every node sharing the store may send from.
//
// Several nodes (docs/multi-node.md): a node that queues for a client publishes the client's name
// on the channel "outbox" and marks its outbox pending; a node with a receiver of that client
// drains it. One drain per client at a time across all nodes, by a lease in the store, so every
// item goes out once, in order, a window of them in flight; an item leaves the outbox only once
// the client accepted it.
// Publishes are only a wake-up: a sweep drains every pending outbox with a receiver here, so a
// missed message (a node reconnecting to the store) delays an item, never loses it.
class ClientDelivery {
 public:
  struct Settings {
    std::chrono::milliseconds outbox_ttl{std::chrono::hours(72)};
    uint32_t drain_batch = 100;
    // Outbox items sent to the client before their answers are awaited; those accepted leave the
    // outbox in one removal. One at a time capped a client's drain at one item per round trip.
    uint32_t drain_window = 32;
    // Who holds a drain lease: unique per process (node id and a random part).
    std::string lease_owner = "local";
    // A drain renews its lease while it runs; a node that dies leaves it to expire.
    std::chrono::milliseconds lease_ttl{15000};
    std::chrono::milliseconds sweep_interval{2000};
  };

  ClientDelivery(ClientRegistry& registry, state::StateStore& store, boost::asio::any_io_executor control,
                 Settings settings);

  // Control thread, once the store is open: listens for other nodes' outbox wake-ups and starts
  // the sweep. stop() ends both.
  void start();
  void stop();

  // Any thread. `done` runs on `caller` with true once the client accepted the message or it is
  // durably in the outbox, false when neither could be done (the sender should retry later).
  // `handoff_key` names the message across nodes (a receipt's upstream identity): a second
  // hand-off to the outbox under the same key within outbox_ttl is taken as done, so an SMSC that
  // resends a receipt because the node that queued it died before answering does not queue it
  // twice.
  void deliver(const std::string& system_id, codec::Pdu message, boost::asio::any_io_executor caller,
               std::function<void(bool)> done, std::string handoff_key = {});
  // A receiver of the client bound here, or a node queued for it: send what waits in its outbox.
  void drain(const std::string& system_id);

  static std::string outbox_list(const std::string& system_id) { return "outbox/" + system_id; }
  static std::string drain_lease(const std::string& system_id) { return "outbox-lease/" + system_id; }
  static constexpr const char* kPendingSet = "outbox-pending";
  static constexpr const char* kWakeChannel = "outbox";

 private:
  void attempt(std::string system_id, codec::Pdu message, uint64_t exclude, uint32_t attempts_left,
               std::string handoff_key, std::function<void(bool)> finish);
  void to_outbox(const std::string& system_id, const codec::Pdu& message, const std::string& handoff_key,
                 std::function<void(bool)> finish);
  boost::asio::awaitable<void> drain_outbox(std::string system_id);
  // Sends the outbox's items in order; false when the client refused one or the lease was lost.
  boost::asio::awaitable<bool> send_items(const std::string& system_id);
  // Sends `window` to the client at once and waits for every answer; `accepted` gets the ids of
  // those it accepted. (An out-parameter: g++ 12 mishandles a vector co_returned from here.)
  boost::asio::awaitable<void> send_window(const std::string& system_id,
                                           std::vector<std::pair<uint64_t, codec::Pdu>>& window,
                                           std::vector<uint64_t>& accepted);
  boost::asio::awaitable<bool> renew_lease(const std::string& system_id);
  boost::asio::awaitable<void> sweep(std::shared_ptr<boost::asio::steady_timer> timer);

  ClientRegistry& registry_;
  state::StateStore& store_;
  boost::asio::any_io_executor control_;
  Settings settings_;
  std::mutex mutex_;
  std::unordered_set<std::string> draining_;
  std::unordered_set<std::string> drain_again_;
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);
  // Shared with the sweep's frame; stop() lets go of it, so it never outlives the control context.
  std::shared_ptr<boost::asio::steady_timer> sweep_timer_;

  stats::Metric& delivered_;
  stats::Metric& refused_;
  stats::Metric& queued_;
  stats::Metric& drained_;
  stats::Metric& store_failures_;
  stats::Metric& handoff_duplicates_;
  stats::Metric& lease_busy_;
};

}  // namespace smppd::receipts
