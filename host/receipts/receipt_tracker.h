#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/codec/pdu.h"
#include "host/receipts/client_delivery.h"
#include "host/state/state_store.h"
#include "host/stats/stats_store.h"
#include "host/upstream/inbound_handler.h"

namespace smppd::receipts {

// Which client a receipt belongs to, and the id smppd gave the message.
struct Correlation {
  std::string smppd_id;
  std::string system_id;
};

// Correlates upstream receipts with the submits they report on. An accepted submit whose receipt
// was requested is recorded under (cluster, upstream message_id) in memory and in the state store,
// so receipts match across restarts; a receipt is matched by either of its ids (the
// receipted_message_id TLV and the text's id:), in either base, case or zero padding. The match
// is rewritten to smppd's id and goes to the client (ClientDelivery); the upstream's deliver_sm
// is acknowledged only once the client accepted it or it is durably in the client's outbox.
//
// A receipt never overtakes its message's resp to the client, and the mapping is recorded only
// once that resp is queued. An SMSC often sends the receipt right behind its submit_sm_resp, so
// the bind announces an accepted id at once (expect()) and a receipt for it waits in memory for
// the record, with no store lookup. A receipt that arrives before its submit_sm_resp is held,
// unacknowledged, until the mapping appears or the hold time passes.
//
// When the store cannot be reached (a shared store's network, docs/multi-node.md), mappings are
// kept in memory, so receipts through this node still match, and written once it answers again;
// a receipt this node cannot match or queue is refused with a temporary error, so the SMSC keeps
// it and sends it again.
class ReceiptTracker {
 public:
  struct Settings {
    std::chrono::milliseconds mapping_ttl{std::chrono::hours(72)};
    std::chrono::milliseconds orphan_hold{10000};
    size_t memory_entries = 1'000'000;  // recent mappings kept in memory too (most receipts come soon)
    size_t unsaved_limit = 1'000'000;   // mappings waiting for an unreachable store
    // From this many unsaved mappings on, submits asking for a receipt are refused for now
    // (saturated()): slower is better than a mapping the memory cannot keep.
    size_t unsaved_high_water = 100'000;
    std::chrono::milliseconds unsaved_retry{1000};
    // Whether another node may still hold mappings the store has not got (its card says so, or
    // the cards cannot be read): a receipt unmatched after its hold is then refused for now, not
    // acknowledged, so the SMSC sends it again once the mapping is written. None: one node.
    std::function<boost::asio::awaitable<bool>()> mappings_pending_elsewhere;
  };

  ReceiptTracker(state::StateStore& store, ClientDelivery& delivery, Settings settings);

  // Control thread: starts writing the mappings an unreachable store refused, once it answers.
  void start(boost::asio::any_io_executor control);
  void stop();
  // Mappings waiting for the store (also those being written).
  size_t unsaved() const;
  // Any thread: whether unsaved() reached the high-water mark.
  bool saturated() const;
  // Keys memory keeps, for its eviction order too: bounded by memory_entries, whatever the traffic.
  size_t remembered_keys();

  // The bind's worker, as the upstream's submit_sm_resp arrives: a submit asking for a receipt
  // was accepted as `upstream_id`. Until record(), a receipt for it waits in memory (the client's
  // resp is on its way and a receipt must not overtake it); with no record() within orphan_hold
  // it is looked up as any unknown receipt.
  void expect(const std::string& cluster, const std::string& upstream_id);
  // Any thread, once the client's resp is queued: the accepted submit's receipt belongs to
  // `correlation`. `caller` runs the store's completion (the calling worker: the control thread
  // is no place for per-message work).
  void record(const std::string& cluster, const std::string& upstream_id, Correlation correlation,
              boost::asio::any_io_executor caller);
  // The bind's worker: a receipt from an upstream.
  void on_receipt(const std::string& cluster, codec::Pdu receipt, upstream::InboundResponder respond,
                  boost::asio::any_io_executor worker);

  // The keys a receipt's ids may have been recorded under, most likely first.
  static std::vector<std::string> keys_for(const std::string& cluster, const codec::Pdu& receipt);
  static std::string key_of(const std::string& cluster, const std::string& upstream_id);

 private:
  // A receipt not answered yet, and where it came from.
  struct Pending {
    std::string cluster;
    codec::Pdu receipt;
    upstream::InboundResponder respond;
    boost::asio::any_io_executor worker;
  };
  // A receipt held for a submit_sm_resp still on its way, under each of its keys.
  struct Orphan {
    Pending pending;
    std::vector<std::string> keys;
  };
  // A recorded message a receipt matched, and the key it was recorded under.
  struct Match {
    std::string key;
    Correlation correlation;
  };
  // A message in memory: recorded, or only expected (its resp on the way to the client), with the
  // receipts that came meanwhile.
  struct Recent {
    Correlation correlation;
    bool recorded = false;
    std::vector<Pending> waiting;
  };
  enum class Lookup { found, absent, failed };
  // Forgotten keys a shard's eviction order may hold beyond twice its entries.
  static constexpr size_t kOrderSlack = 16;
  enum class InMemory { matched, waiting, absent };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Recent> recent;
    std::vector<std::string> order;  // insertion order, for evicting the oldest
    size_t evict_from = 0;
    // Expected messages that receipts wait on, oldest first, with when those stop waiting.
    std::deque<std::pair<std::string, std::chrono::steady_clock::time_point>> waiting_until;
  };

  boost::asio::awaitable<void> resolve(Pending pending);
  // A receipt's message in memory: `match` when recorded; when only expected, the receipt waits
  // there (moved out of `pending`).
  InMemory look_in_memory(const std::vector<std::string>& keys, Pending& pending, std::optional<Match>& match);
  std::optional<Match> find_recorded(const std::vector<std::string>& keys);
  // Makes room for one more entry in `shard` (locked); receipts waiting on an evicted entry go to
  // `evicted`.
  void make_room(Shard& shard, std::vector<Pending>& evicted);
  // Drops from `shard`'s (locked) eviction order the keys memory no longer holds, once they are most of it.
  static void trim_order(Shard& shard);
  // Answers the receipts that waited on `key` for this record.
  std::vector<Pending> remember(const std::string& key, const Correlation& correlation, std::vector<Pending>& evicted);
  // A receipt memory does not know: looked up in the store, then held (resolve).
  void look_up(Pending pending);
  // Receipts whose message memory no longer expects: looked up as unknown ones.
  void look_up_again(std::vector<Pending> receipts);
  boost::asio::awaitable<void> stop_waiting(boost::asio::any_io_executor control);
  void forget(const std::string& key, boost::asio::any_io_executor caller);
  void keep_unsaved(std::string key, std::string value);
  boost::asio::awaitable<void> write_unsaved(boost::asio::any_io_executor control);
  // Rewrites the matched receipt to smppd's id and hands it to the client; on the receipt's worker.
  void complete(Pending pending, const Match& match);
  // complete() from another thread.
  void complete_on_its_worker(Pending pending, Match match);
  Shard& shard_of(const std::string& key) { return shards_[std::hash<std::string>{}(key) % shards_.size()]; }

  state::StateStore& store_;
  ClientDelivery& delivery_;
  Settings settings_;
  std::array<Shard, 16> shards_;
  std::mutex orphans_mutex_;
  std::unordered_map<std::string, std::shared_ptr<Orphan>> orphans_;  // by each of its keys
  mutable std::mutex unsaved_mutex_;
  std::deque<std::pair<std::string, std::string>> unsaved_;  // store key, value; oldest first
  std::atomic<size_t> unsaved_count_{0};                     // unsaved_ and the batch being written
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);

  stats::Metric& recorded_;
  stats::Metric& matched_;
  stats::Metric& matched_late_;
  stats::Metric& held_;
  stats::Metric& unmatched_;
  stats::Metric& waited_for_unsaved_;
  stats::Metric& delivery_failed_;
  stats::Metric& store_unavailable_;
  stats::Metric& unsaved_gauge_;
  stats::Metric& unsaved_lost_;
};

}  // namespace smppd::receipts
