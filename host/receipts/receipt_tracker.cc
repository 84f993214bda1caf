#include "host/receipts/receipt_tracker.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <utility>

#include "host/async/await_callback.h"
#include "host/codec/command_status.h"
#include "host/codec/receipt/delivery_receipt.h"
#include "host/codec/receipt/message_id.h"
#include "host/codec/receipt/message_state.h"
#include "host/codec/tlv_tag.h"
#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"

namespace smppd::receipts {

namespace asio = boost::asio;
namespace status = codec::status;

namespace {

const auto& log() {
  static const auto logger = logging::get("receipts");
  return logger;
}

stats::Metric& counter(const char* name) { return stats::StatsStore::process().counter(std::string("smppd.receipts.") + name); }

std::string store_key(const std::string& key) { return "idmap/" + key; }

// When a held receipt looks in the store again, in ms after the previous look (a static array: g++
// 12 cannot keep an initializer list alive across a co_await).
constexpr std::array<int64_t, 4> kOrphanLookups{50, 200, 750, 2000};

// smppd_id (at most 64 octets) behind a one-octet length, then the system_id.
std::string encode(const Correlation& correlation) {
  std::string value;
  value.push_back(static_cast<char>(correlation.smppd_id.size()));
  value += correlation.smppd_id;
  value += correlation.system_id;
  return value;
}

std::optional<Correlation> decode(const std::string& value) {
  if (value.empty()) return std::nullopt;
  const size_t id_length = static_cast<uint8_t>(value[0]);
  if (value.size() < 1 + id_length) return std::nullopt;
  return Correlation{value.substr(1, id_length), value.substr(1 + id_length)};
}

// FNV-1a: a receipt's identity for the hand-off key, the same on every node and build.
uint64_t fingerprint(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (const char c : bytes) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

bool all_digits(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The receipt text: short_message, or message_payload when that is empty.
const std::string* receipt_text(const codec::Pdu& receipt) {
  if (!receipt.short_message.empty()) return &receipt.short_message;
  if (const codec::Tlv* payload = receipt.tlvs.find(codec::tlv::kMessagePayload)) return &payload->value;
  return nullptr;
}

std::string* receipt_text(codec::Pdu& receipt) {
  return const_cast<std::string*>(receipt_text(static_cast<const codec::Pdu&>(receipt)));
}

// The final state, when the receipt says one: then the mapping is no longer needed.
bool is_final_receipt(const codec::Pdu& receipt) {
  if (const auto value = receipt.tlvs.get_int(codec::tlv::kMessageState)) {
    const auto state = codec::message_state_from_value(static_cast<uint8_t>(*value));
    return state && codec::is_final(*state);
  }
  if (const std::string* text = receipt_text(receipt)) {
    if (const auto parsed = codec::parse_delivery_receipt(*text); parsed && parsed->state) return codec::is_final(*parsed->state);
  }
  return false;
}

}  // namespace

ReceiptTracker::ReceiptTracker(state::StateStore& store, ClientDelivery& delivery, Settings settings)
    : store_(store),
      delivery_(delivery),
      settings_(settings),
      recorded_(counter("recorded")),
      matched_(counter("matched")),
      matched_late_(counter("matched_after_hold")),
      held_(counter("held")),
      unmatched_(counter("unmatched")),
      waited_for_unsaved_(counter("unmatched_while_unsaved")),
      delivery_failed_(counter("delivery_failed")),
      store_unavailable_(counter("store_unavailable")),
      unsaved_gauge_(stats::StatsStore::process().gauge("smppd.receipts.unsaved_mappings",
                                                        "id mappings kept in memory until the state store answers")),
      unsaved_lost_(counter("unsaved_lost")) {}

void ReceiptTracker::start(asio::any_io_executor control) {
  running_->store(true);
  asio::co_spawn(control, write_unsaved(control), server::log_exceptions("unsaved id mappings"));
  asio::co_spawn(control, stop_waiting(control), server::log_exceptions("receipts waiting for their record"));
}

void ReceiptTracker::stop() { running_->store(false); }

size_t ReceiptTracker::unsaved() const { return unsaved_count_.load(std::memory_order_relaxed); }

bool ReceiptTracker::saturated() const { return unsaved() >= settings_.unsaved_high_water; }

void ReceiptTracker::keep_unsaved(std::string key, std::string value) {
  std::lock_guard lock(unsaved_mutex_);
  if (unsaved_.size() >= settings_.unsaved_limit) {
    // Memory is finite: the oldest goes (its receipt still matches from memory on this node).
    unsaved_.pop_front();
    unsaved_lost_.add(1);
  } else {
    unsaved_count_.fetch_add(1, std::memory_order_relaxed);
  }
  unsaved_.emplace_back(std::move(key), std::move(value));
  unsaved_gauge_.set(static_cast<int64_t>(unsaved_count_.load()));
}

// Writes what the store refused, oldest first, a batch per round trip, while it answers.
asio::awaitable<void> ReceiptTracker::write_unsaved(asio::any_io_executor control) {
  asio::steady_timer timer(control);
  constexpr size_t kBatch = 500;
  while (running_->load()) {
    timer.expires_after(settings_.unsaved_retry);
    co_await timer.async_wait(asio::use_awaitable);
    while (running_->load() && store_.available()) {
      std::vector<std::pair<std::string, std::string>> batch;
      {
        std::lock_guard lock(unsaved_mutex_);
        while (!unsaved_.empty() && batch.size() < kBatch) {
          batch.push_back(std::move(unsaved_.front()));
          unsaved_.pop_front();
        }
      }
      if (batch.empty()) break;
      std::vector<state::StateOp> ops;
      ops.reserve(batch.size());
      for (const auto& [key, value] : batch) ops.emplace_back(state::op::Set{key, value, settings_.mapping_ttl});
      const state::BatchResult written = co_await state::async_execute(store_, std::move(ops), control, asio::use_awaitable);
      std::lock_guard lock(unsaved_mutex_);
      if (!written.status.ok()) {
        for (auto it = batch.rbegin(); it != batch.rend(); ++it) unsaved_.push_front(std::move(*it));
        break;
      }
      // Counted until written, not until taken out: a batch on its way is not saved yet.
      unsaved_count_.fetch_sub(batch.size(), std::memory_order_relaxed);
      unsaved_gauge_.set(static_cast<int64_t>(unsaved_count_.load()));
      if (unsaved_.empty()) log()->info("every id mapping kept while the state store was unreachable is written");
    }
  }
}

std::string ReceiptTracker::key_of(const std::string& cluster, const std::string& upstream_id) {
  return cluster + "/" + codec::canonical_message_id(upstream_id);
}

std::vector<std::string> ReceiptTracker::keys_for(const std::string& cluster, const codec::Pdu& receipt) {
  std::vector<std::string> ids;
  if (const auto tlv_id = receipt.tlvs.get_cstring(codec::tlv::kReceiptedMessageId); tlv_id && !tlv_id->empty()) {
    ids.emplace_back(*tlv_id);
  }
  if (const std::string* text = receipt_text(receipt)) {
    if (const auto parsed = codec::parse_delivery_receipt(*text); parsed && !parsed->id.empty()) ids.push_back(parsed->id);
  }
  std::vector<std::string> keys;
  auto add = [&](const std::string& id) {
    std::string key = key_of(cluster, id);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  for (const std::string& id : ids) add(id);
  // The other base: an SMSC may answer a submit in hex and report in decimal, or the reverse.
  // Only where one side has a letter (codec::same_message_id): "16" never finds a message "10".
  for (const std::string& id : ids) {
    if (all_digits(id)) {
      if (auto hex = codec::decimal_id_to_hex(id); hex && !all_digits(*hex)) add(*hex);
    } else if (auto decimal = codec::hex_id_to_decimal(id)) {
      add(*decimal);
    }
  }
  return keys;
}

// ---- memory --------------------------------------------------------------------------------

void ReceiptTracker::make_room(Shard& shard, std::vector<Pending>& evicted) {
  const size_t limit = std::max<size_t>(1, settings_.memory_entries / shards_.size());
  // The oldest go first; the state store still has those recorded.
  while (shard.recent.size() >= limit && shard.evict_from < shard.order.size()) {
    auto it = shard.recent.find(shard.order[shard.evict_from++]);
    if (it == shard.recent.end()) continue;
    for (Pending& pending : it->second.waiting) evicted.push_back(std::move(pending));
    shard.recent.erase(it);
  }
  trim_order(shard);
}

// A message forgotten after its final receipt leaves its key in `order`. Once those are most of
// it, `order` keeps only the keys memory still holds (in their order): otherwise it would grow by
// a key per message for as long as receipts come faster than memory fills.
void ReceiptTracker::trim_order(Shard& shard) {
  if (shard.order.size() - shard.evict_from > 2 * shard.recent.size() + kOrderSlack) {
    std::vector<std::string> held;
    held.reserve(shard.recent.size());
    for (size_t i = shard.evict_from; i < shard.order.size(); ++i) {
      if (shard.recent.contains(shard.order[i])) held.push_back(std::move(shard.order[i]));
    }
    shard.order = std::move(held);
    shard.evict_from = 0;
  } else if (shard.evict_from > shard.order.size() / 2) {
    shard.order.erase(shard.order.begin(), shard.order.begin() + static_cast<std::ptrdiff_t>(shard.evict_from));
    shard.evict_from = 0;
  }
}

size_t ReceiptTracker::remembered_keys() {
  size_t keys = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    keys += shard.order.size() - shard.evict_from;
  }
  return keys;
}

void ReceiptTracker::expect(const std::string& cluster, const std::string& upstream_id) {
  std::string key = key_of(cluster, upstream_id);
  Shard& shard = shard_of(key);
  std::vector<Pending> evicted;
  {
    std::lock_guard lock(shard.mutex);
    if (!shard.recent.contains(key)) {
      make_room(shard, evicted);
      shard.recent.try_emplace(key);
      shard.order.push_back(std::move(key));
    }
  }
  look_up_again(std::move(evicted));
}

std::vector<ReceiptTracker::Pending> ReceiptTracker::remember(const std::string& key, const Correlation& correlation,
                                                              std::vector<Pending>& evicted) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.recent.find(key);
  if (it == shard.recent.end()) {
    make_room(shard, evicted);
    it = shard.recent.try_emplace(key).first;
    shard.order.push_back(key);
  }
  it->second.correlation = correlation;
  it->second.recorded = true;
  return std::exchange(it->second.waiting, {});
}

ReceiptTracker::InMemory ReceiptTracker::look_in_memory(const std::vector<std::string>& keys, Pending& pending,
                                                        std::optional<Match>& match) {
  for (const std::string& key : keys) {
    Shard& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.recent.find(key);
    if (it == shard.recent.end()) continue;
    Recent& recent = it->second;
    if (recent.recorded) {
      match = Match{key, recent.correlation};
      return InMemory::matched;
    }
    if (recent.waiting.empty()) {
      shard.waiting_until.emplace_back(key, std::chrono::steady_clock::now() + settings_.orphan_hold);
    }
    recent.waiting.push_back(std::move(pending));
    return InMemory::waiting;
  }
  return InMemory::absent;
}

std::optional<ReceiptTracker::Match> ReceiptTracker::find_recorded(const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    Shard& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    if (auto it = shard.recent.find(key); it != shard.recent.end() && it->second.recorded) {
      return Match{key, it->second.correlation};
    }
  }
  return std::nullopt;
}

void ReceiptTracker::look_up(Pending pending) {
  const asio::any_io_executor worker = pending.worker;
  const std::string origin = "receipt from " + pending.cluster;
  asio::co_spawn(worker, resolve(std::move(pending)), server::log_exceptions(origin));
}

void ReceiptTracker::look_up_again(std::vector<Pending> receipts) {
  for (Pending& pending : receipts) look_up(std::move(pending));
}

// Receipts that waited orphan_hold for a record() that never came (the client's resp was never
// written: smppd stopped meanwhile) are looked up as unknown ones; the expectation goes.
asio::awaitable<void> ReceiptTracker::stop_waiting(asio::any_io_executor control) {
  asio::steady_timer timer(control);
  const auto period = std::clamp<std::chrono::milliseconds>(settings_.orphan_hold / 4, std::chrono::milliseconds(10),
                                                            std::chrono::milliseconds(1000));
  while (running_->load()) {
    timer.expires_after(period);
    co_await timer.async_wait(asio::use_awaitable);
    const auto now = std::chrono::steady_clock::now();
    std::vector<Pending> expired;
    for (Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      while (!shard.waiting_until.empty() && shard.waiting_until.front().second <= now) {
        auto it = shard.recent.find(shard.waiting_until.front().first);
        shard.waiting_until.pop_front();
        if (it == shard.recent.end() || it->second.recorded || it->second.waiting.empty()) continue;
        for (Pending& pending : it->second.waiting) expired.push_back(std::move(pending));
        shard.recent.erase(it);
        trim_order(shard);
      }
    }
    look_up_again(std::move(expired));
  }
}

// Only the message the receipt matched: another one recorded under another of its keys (its id
// in the other base) still waits for its own receipt.
void ReceiptTracker::forget(const std::string& key, asio::any_io_executor caller) {
  Shard& shard = shard_of(key);
  {
    std::lock_guard lock(shard.mutex);
    // An expectation with receipts waiting on it (the same id accepted again) stays.
    if (auto it = shard.recent.find(key); it != shard.recent.end() && it->second.waiting.empty()) {
      shard.recent.erase(it);
      trim_order(shard);
    }
  }
  // Whether the mapping was still there changes nothing: no answer is wanted.
  store_.run(state::op::Delete{store_key(key)}, std::move(caller), state::StateStore::ResultCallback{});
}

// ---- recording -----------------------------------------------------------------------------

void ReceiptTracker::record(const std::string& cluster, const std::string& upstream_id, Correlation correlation,
                            asio::any_io_executor caller) {
  const std::string key = key_of(cluster, upstream_id);
  std::vector<Pending> evicted;
  std::vector<Pending> waited = remember(key, correlation, evicted);
  recorded_.add(1);
  std::string value = encode(correlation);
  std::string stored_key = store_key(key);
  // Only a failure is answered: on success there is nothing to do, the mapping is in memory too.
  store_.run(state::op::Set{stored_key, value, settings_.mapping_ttl}, caller,
             [this, stored_key, value](state::StateResult result) {
               // Kept and written later: a receipt that reaches another node meanwhile is refused
               // there with a temporary error and comes again.
               if (unsaved() == 0) log()->warn("cannot store id mappings ({}); keeping them until the store answers",
                                               result.status.to_string());
               keep_unsaved(stored_key, value);
             },
             state::StateStore::Answer::failures);
  // Receipts that came after the upstream's resp and before this record waited in memory; one
  // that came before the upstream's resp waits as an orphan.
  for (Pending& pending : waited) complete_on_its_worker(std::move(pending), Match{key, correlation});
  std::shared_ptr<Orphan> orphan;
  {
    std::lock_guard lock(orphans_mutex_);
    if (auto it = orphans_.find(key); it != orphans_.end()) {
      orphan = it->second;
      for (const std::string& k : orphan->keys) orphans_.erase(k);
    }
  }
  if (orphan) complete_on_its_worker(std::move(orphan->pending), Match{key, correlation});
  look_up_again(std::move(evicted));
}

// ---- receipts ------------------------------------------------------------------------------

void ReceiptTracker::on_receipt(const std::string& cluster, codec::Pdu receipt, upstream::InboundResponder respond,
                                asio::any_io_executor worker) {
  const std::vector<std::string> keys = keys_for(cluster, receipt);
  if (keys.empty()) {
    unmatched_.add(1);
    log()->warn("cluster {}: a receipt without any message id ({}); acknowledged and dropped", cluster,
                receipt_text(receipt) ? *receipt_text(receipt) : std::string("no text"));
    respond(status::kOk);
    return;
  }
  Pending pending{cluster, std::move(receipt), std::move(respond), std::move(worker)};
  std::optional<Match> match;
  switch (look_in_memory(keys, pending, match)) {
    case InMemory::matched:
      complete(std::move(pending), *match);
      return;
    case InMemory::waiting:
      return;  // until record() or the hold's end
    case InMemory::absent:
      look_up(std::move(pending));
      return;
  }
}

asio::awaitable<void> ReceiptTracker::resolve(Pending pending) {
  // Copies: `pending` moves into the orphan below.
  const std::string cluster = pending.cluster;
  const asio::any_io_executor worker = pending.worker;
  const std::vector<std::string> keys = keys_for(cluster, pending.receipt);
  std::optional<Match> stored;
  auto look_up_store = [&]() -> asio::awaitable<Lookup> {
    std::vector<state::StateOp> gets;
    for (const std::string& key : keys) gets.emplace_back(state::op::Get{store_key(key)});
    const state::BatchResult result = co_await async::await_callback<state::BatchResult>(
        [&](std::function<void(state::BatchResult)> complete_batch) { store_.execute(std::move(gets), worker, complete_batch); });
    if (!result.status.ok()) co_return Lookup::failed;
    for (size_t i = 0; i < result.results.size() && i < keys.size(); ++i) {
      const state::StateResult& found = result.results[i];
      if (found.status.ok() && found.value) {
        if (auto correlation = decode(*found.value)) {
          stored = Match{keys[i], *correlation};
          co_return Lookup::found;
        }
      }
    }
    co_return Lookup::absent;
  };
  // The store cannot say whose receipt this is: the SMSC keeps it and sends it again later.
  auto refuse_for_now = [&](upstream::InboundResponder& answer) {
    store_unavailable_.add(1);
    answer(status::kXTAppn);
  };

  Lookup first = co_await look_up_store();
  if (first == Lookup::found) {
    complete(std::move(pending), *stored);
    co_return;
  }
  if (first == Lookup::failed) {
    refuse_for_now(pending.respond);
    co_return;
  }

  // Not known yet: hold it for the submit_sm_resp that may still be on its way.
  auto orphan = std::make_shared<Orphan>(Orphan{std::move(pending), keys});
  {
    std::lock_guard lock(orphans_mutex_);
    for (const std::string& key : keys) orphans_[key] = orphan;
  }
  held_.add(1);
  // record() may have run between the look-ups and the registration.
  auto take = [&]() {
    std::lock_guard lock(orphans_mutex_);
    auto it = orphans_.find(keys.front());
    if (it == orphans_.end() || it->second != orphan) return false;
    for (const std::string& key : keys) orphans_.erase(key);
    return true;
  };
  // Only a recorded message: one that is only expected records soon and takes the orphan then.
  if (auto match = find_recorded(keys); match && take()) {
    complete(std::move(orphan->pending), *match);
    co_return;
  }
  // Another node may have recorded the message a moment ago (its write still on the way to a
  // shared store): look again a few times during the hold, sooner first.
  const auto hold_until = std::chrono::steady_clock::now() + settings_.orphan_hold;
  auto still_held = [&]() {
    std::lock_guard lock(orphans_mutex_);
    auto it = orphans_.find(keys.front());
    return it != orphans_.end() && it->second == orphan;
  };
  asio::steady_timer hold(worker);
  for (const int64_t pause_ms : kOrphanLookups) {
    const std::chrono::milliseconds pause(pause_ms);
    if (std::chrono::steady_clock::now() + pause >= hold_until) break;
    hold.expires_after(pause);
    co_await hold.async_wait(asio::use_awaitable);
    if (!still_held()) co_return;  // matched meanwhile
    if (co_await look_up_store() == Lookup::found && take()) {
      matched_late_.add(1);
      complete(std::move(orphan->pending), *stored);
      co_return;
    }
  }
  hold.expires_at(hold_until);
  co_await hold.async_wait(asio::use_awaitable);
  if (!take()) co_return;  // matched meanwhile
  const Lookup late = co_await look_up_store();
  if (late == Lookup::found) {
    matched_late_.add(1);
    complete(std::move(orphan->pending), *stored);
    co_return;
  }
  if (late == Lookup::failed) {
    refuse_for_now(orphan->pending.respond);
    co_return;
  }
  // A mapping still waiting in some node's memory is the likely owner: acknowledging now would
  // lose the receipt for good.
  if (unsaved() > 0 ||
      (settings_.mappings_pending_elsewhere && co_await settings_.mappings_pending_elsewhere())) {
    waited_for_unsaved_.add(1);
    log()->info("cluster {}: receipt for {} unmatched after {} ms while mappings wait to be written; refused for now",
                cluster, keys.front(), settings_.orphan_hold.count());
    orphan->pending.respond(status::kXTAppn);
    co_return;
  }
  unmatched_.add(1);
  log()->warn("cluster {}: receipt for {} matches no message of the last {} h after a hold of {} ms; acknowledged",
              cluster, keys.front(), std::chrono::duration_cast<std::chrono::hours>(settings_.mapping_ttl).count(),
              settings_.orphan_hold.count());
  orphan->pending.respond(status::kOk);
}

void ReceiptTracker::complete_on_its_worker(Pending pending, Match match) {
  const asio::any_io_executor worker = pending.worker;
  asio::dispatch(worker, [this, pending = std::move(pending), match = std::move(match)]() mutable {
    complete(std::move(pending), match);
  });
}

void ReceiptTracker::complete(Pending pending, const Match& match) {
  codec::Pdu& receipt = pending.receipt;
  const asio::any_io_executor& worker = pending.worker;
  matched_.add(1);
  const Correlation& correlation = match.correlation;
  const bool final_state = is_final_receipt(receipt);
  // The receipt as the SMSC sent it names it across nodes: the same one sent again after a node
  // died before answering is not queued twice.
  std::string identity;
  if (const std::string* text = receipt_text(receipt)) identity = *text;
  if (const codec::Tlv* state_tlv = receipt.tlvs.find(codec::tlv::kMessageState)) identity += state_tlv->value;
  std::string handoff_key = match.key + "/" + std::to_string(fingerprint(identity));
  // The client knows the message by smppd's id: it replaces the upstream's in the text, and the
  // receipted_message_id TLV carries it whether or not the upstream sent one.
  receipt.tlvs.set_cstring(codec::tlv::kReceiptedMessageId, correlation.smppd_id);
  if (std::string* text = receipt_text(receipt)) {
    if (auto rewritten = codec::replace_receipt_id(*text, correlation.smppd_id)) *text = std::move(*rewritten);
  }
  receipt.sequence_number = 0;
  delivery_.deliver(correlation.system_id, std::move(receipt), worker,
                    [this, key = match.key, final_state, respond = std::move(pending.respond), worker](bool delivered) {
                      if (!delivered) {
                        delivery_failed_.add(1);
                        // Not taken by the client nor stored: the SMSC will send it again.
                        respond(status::kXTAppn);
                        return;
                      }
                      respond(status::kOk);
                      if (final_state) forget(key, worker);
                    },
                    std::move(handoff_key));
}

}  // namespace smppd::receipts
