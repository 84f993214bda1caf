// smppd SDK testing: an in-memory state store with the semantics sdk/include/smppd/state.h gives
// every operation, behind the fake host's host->state (fake_host.h). Header-only, so a vendor still
// compiles fake_host.cc alone. Not thread-safe: the fake host locks around it.
//
// Values, lists and sets are three separate key spaces (as in smppd's embedded store); a rate
// limit (GcraTake) keeps its state as a value. Time is the caller's `now_us`, so expiry and rate
// limits follow the fake host's clock. A batch is atomic: it runs on the data and, when an
// operation stops it, what the batch had changed is put back (an operation that stops changes
// nothing itself, so a batch of one needs no copy).
#pragma once

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "smppd/cxx/state.hpp"

namespace smppd::testing {

class FakeStateStore {
 public:
  using BatchResult = cxx::state::BatchResult;
  using StateOp = cxx::state::StateOp;

  // A message a successful batch published: channel, message.
  using Publication = std::pair<std::string, std::string>;

  // Applies `ops` in order as one step at `now_us` (microseconds of wall-clock time).
  BatchResult apply(const std::vector<StateOp>& ops, int64_t now_us) {
    namespace state = cxx::state;
    Undo undo;
    undo_ = ops.size() > 1 ? &undo : nullptr;
    now_us_ = now_us;
    now_ms_ = now_us / 1000;
    std::vector<Publication> publishing;
    BatchResult batch;
    batch.results.reserve(ops.size());
    for (const StateOp& op : ops) {
      if (!batch.status.ok()) {
        batch.results.push_back(with(state::StateCode::aborted));
        continue;
      }
      state::StateResult result = std::visit([&](const auto& one) { return run(one, publishing); }, op);
      if (result.status.stops_batch()) batch.status = result.status;
      batch.results.push_back(std::move(result));
    }
    undo_ = nullptr;
    if (!batch.status.ok()) {
      undo.put_back(data_);
      return batch;
    }
    for (Publication& publication : publishing) published_.push_back(std::move(publication));
    return batch;
  }

  // The live value under `key` at `now_us`.
  std::optional<std::string> value(std::string_view key, int64_t now_us) const {
    const auto found = data_.values.find(std::string(key));
    if (found == data_.values.end() || expired(found->second.expires_ms, now_us / 1000)) return std::nullopt;
    return found->second.value;
  }

  // What successful batches published, in order.
  const std::vector<Publication>& published() const noexcept { return published_; }
  void clear_published() { published_.clear(); }

  // Forgets everything.
  void clear() {
    data_ = Data{};
    published_.clear();
  }

 private:
  using StateCode = cxx::state::StateCode;
  using StateResult = cxx::state::StateResult;
  using Ttl = cxx::state::Ttl;

  struct Entry {
    std::string value;
    int64_t expires_ms = 0;  // 0: never
  };
  struct Item {
    uint64_t id = 0;
    std::string value;
    int64_t expires_ms = 0;
  };
  struct List {
    std::vector<Item> items;  // by id
    uint64_t next_id = 1;     // kept when the list expires: ids are never reused
    int64_t expires_ms = 0;
  };
  struct Set {
    std::set<std::string> members;
    int64_t expires_ms = 0;
  };
  struct Data {
    std::map<std::string, Entry> values;
    std::map<std::string, List> lists;
    std::map<std::string, Set> sets;
  };
  // What a batch found under each key before it first touched it (nullopt: nothing).
  struct Undo {
    std::map<std::string, std::optional<Entry>> values;
    std::map<std::string, std::optional<List>> lists;
    std::map<std::string, std::optional<Set>> sets;

    template <class T>
    static void keep(std::map<std::string, std::optional<T>>& saved, const std::map<std::string, T>& space,
                     const std::string& key) {
      if (saved.count(key) != 0) return;
      const auto found = space.find(key);
      saved.emplace(key, found == space.end() ? std::nullopt : std::optional<T>(found->second));
    }
    template <class T>
    static void restore(const std::map<std::string, std::optional<T>>& saved, std::map<std::string, T>& space) {
      for (const auto& [key, before] : saved) {
        if (before) {
          space[key] = *before;
        } else {
          space.erase(key);
        }
      }
    }
    void put_back(Data& data) const {
      restore(values, data.values);
      restore(lists, data.lists);
      restore(sets, data.sets);
    }
  };

  // Before an operation changes anything under a key (also dropping what expired there).
  void touch_value(const std::string& key) {
    if (undo_ != nullptr) Undo::keep(undo_->values, data_.values, key);
  }
  void touch_list(const std::string& key) {
    if (undo_ != nullptr) Undo::keep(undo_->lists, data_.lists, key);
  }
  void touch_set(const std::string& key) {
    if (undo_ != nullptr) Undo::keep(undo_->sets, data_.sets, key);
  }

  static bool expired(int64_t expires_ms, int64_t now_ms) { return expires_ms != 0 && expires_ms <= now_ms; }
  int64_t expiry_after(Ttl ttl) const { return ttl.count() > 0 ? now_ms_ + ttl.count() : 0; }

  static StateResult with(StateCode code, std::string message = {}) {
    StateResult result;
    result.status = cxx::state::StateStatus{code, std::move(message)};
    return result;
  }

  static std::optional<int64_t> parse_integer(const std::string& text) {
    int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
    return value;
  }

  Entry* live_value(const std::string& key) {
    touch_value(key);
    auto found = data_.values.find(key);
    if (found == data_.values.end()) return nullptr;
    if (expired(found->second.expires_ms, now_ms_)) {
      data_.values.erase(found);
      return nullptr;
    }
    return &found->second;
  }
  List* live_list(const std::string& key) {
    touch_list(key);
    auto found = data_.lists.find(key);
    if (found == data_.lists.end()) return nullptr;
    if (expired(found->second.expires_ms, now_ms_)) {
      found->second.items.clear();
      found->second.expires_ms = 0;
    }
    std::erase_if(found->second.items, [this](const Item& item) { return expired(item.expires_ms, now_ms_); });
    return &found->second;
  }
  Set* live_set(const std::string& key) {
    touch_set(key);
    auto found = data_.sets.find(key);
    if (found == data_.sets.end()) return nullptr;
    if (expired(found->second.expires_ms, now_ms_)) {
      data_.sets.erase(found);
      return nullptr;
    }
    return &found->second;
  }

  // ---- keys and values ----
  StateResult run(const cxx::state::op::Get& get, std::vector<Publication>&) {
    const Entry* entry = live_value(get.key);
    if (entry == nullptr) return with(StateCode::not_found);
    StateResult result;
    result.value = entry->value;
    return result;
  }
  StateResult run(const cxx::state::op::Set& set, std::vector<Publication>&) {
    touch_value(set.key);
    data_.values[set.key] = Entry{set.value, expiry_after(set.ttl)};
    return StateResult{};
  }
  StateResult run(const cxx::state::op::SetIfAbsent& set, std::vector<Publication>&) {
    if (live_value(set.key) != nullptr) return with(StateCode::exists);
    data_.values[set.key] = Entry{set.value, expiry_after(set.ttl)};
    return StateResult{};
  }
  StateResult run(const cxx::state::op::Delete& erase, std::vector<Publication>&) {
    if (live_value(erase.key) == nullptr) return with(StateCode::not_found);
    data_.values.erase(erase.key);
    StateResult result;
    result.count = 1;
    return result;
  }
  StateResult run(const cxx::state::op::CompareAndSet& cas, std::vector<Publication>&) {
    Entry* entry = live_value(cas.key);
    if (entry == nullptr || entry->value != cas.expected) {
      StateResult result = with(StateCode::mismatch);
      if (entry != nullptr) result.value = entry->value;
      return result;
    }
    *entry = Entry{cas.desired, expiry_after(cas.ttl)};
    return StateResult{};
  }
  StateResult run(const cxx::state::op::Increment& increment, std::vector<Publication>&) {
    Entry* entry = live_value(increment.key);
    int64_t current = 0;
    int64_t expires_ms = expiry_after(increment.ttl);
    if (entry != nullptr) {
      const std::optional<int64_t> parsed = parse_integer(entry->value);
      if (!parsed) return with(StateCode::error, "the value under the key is not an integer");
      current = *parsed;
      expires_ms = entry->expires_ms;  // a counter keeps the window it started with
    }
    int64_t next = 0;
    StateResult result;
    if (__builtin_add_overflow(current, increment.delta, &next) || next < increment.floor || next > increment.ceiling) {
      result.status.code = StateCode::would_cross;
      result.number = current;
      return result;
    }
    data_.values[increment.key] = Entry{std::to_string(next), expires_ms};
    result.number = next;
    return result;
  }

  // ---- lists ----
  StateResult run(const cxx::state::op::ListAppend& append, std::vector<Publication>&) {
    List* list = live_list(append.list);
    if (list == nullptr) list = &data_.lists[append.list];
    StateResult result;
    result.item_id = list->next_id++;
    list->items.push_back(Item{result.item_id, append.value, expiry_after(append.item_ttl)});
    if (append.list_ttl.count() > 0) list->expires_ms = expiry_after(append.list_ttl);
    return result;
  }
  StateResult run(const cxx::state::op::ListRange& range, std::vector<Publication>&) {
    StateResult result;
    const List* list = live_list(range.list);
    if (list == nullptr) return result;
    for (const Item& item : list->items) {
      if (result.items.size() >= range.max_items) break;
      if (item.id > range.after_id) result.items.push_back(cxx::state::ListItem{item.id, item.value});
    }
    return result;
  }
  StateResult run(const cxx::state::op::ListPopFront& pop, std::vector<Publication>&) {
    StateResult result;
    List* list = live_list(pop.list);
    if (list == nullptr) return result;
    const size_t taken = std::min<size_t>(pop.max_items, list->items.size());
    for (size_t i = 0; i < taken; ++i) result.items.push_back(cxx::state::ListItem{list->items[i].id, list->items[i].value});
    list->items.erase(list->items.begin(), list->items.begin() + static_cast<std::ptrdiff_t>(taken));
    return result;
  }
  StateResult run(const cxx::state::op::ListRemove& remove, std::vector<Publication>&) {
    StateResult result;
    List* list = live_list(remove.list);
    if (list == nullptr) return result;
    const std::set<uint64_t> doomed(remove.ids.begin(), remove.ids.end());
    result.count = std::erase_if(list->items, [&](const Item& item) { return doomed.count(item.id) != 0; });
    return result;
  }

  // ---- rate limits: GCRA, the state a theoretical arrival time (TAT) in microseconds ----
  static int64_t saturating_mul(int64_t a, int64_t b) {
    int64_t product = 0;
    return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<int64_t>::max() : product;
  }
  static int64_t saturating_add(int64_t a, int64_t b) {
    int64_t sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? std::numeric_limits<int64_t>::max() : sum;
  }
  StateResult run(const cxx::state::op::GcraTake& take, std::vector<Publication>&) {
    int64_t tat_us = 0;  // none: a full bucket
    if (const Entry* entry = live_value(take.key)) {
      const std::optional<int64_t> parsed = parse_integer(entry->value);
      if (!parsed) return with(StateCode::error, "the value under the key is not a rate limit");
      tat_us = *parsed;
    }
    const int64_t interval_us = take.interval.count();
    StateResult result;
    if (take.amount > take.burst) {
      result.status.code = StateCode::would_cross;
      result.number = -1;  // more than the bucket holds when full: never
      return result;
    }
    const int64_t start = std::max(tat_us, now_us_);
    const int64_t backlog = start - now_us_;
    const int64_t allowance = saturating_mul(take.burst - take.amount, interval_us);
    if (backlog > allowance) {
      const int64_t wait_us = backlog - allowance;
      result.status.code = StateCode::would_cross;
      result.number = wait_us / 1000 + (wait_us % 1000 != 0 ? 1 : 0);
      return result;
    }
    const int64_t next_tat_us = saturating_add(start, saturating_mul(take.amount, interval_us));
    result.number = std::min((allowance - backlog) / interval_us, take.burst - take.amount);
    if (take.amount > 0) {
      // The entry lasts until the bucket is full again: from then on its absence means the same.
      const int64_t full_at_ms = next_tat_us / 1000 + (next_tat_us % 1000 != 0 ? 1 : 0);
      data_.values[take.key] = Entry{std::to_string(next_tat_us), full_at_ms};
    }
    return result;
  }

  // ---- sets ----
  StateResult run(const cxx::state::op::SetAdd& add, std::vector<Publication>&) {
    Set* set = live_set(add.set);
    if (set == nullptr) set = &data_.sets[add.set];
    StateResult result;
    result.count = set->members.insert(add.member).second ? 1 : 0;
    if (add.ttl.count() > 0) set->expires_ms = expiry_after(add.ttl);
    return result;
  }
  StateResult run(const cxx::state::op::SetRemove& remove, std::vector<Publication>&) {
    StateResult result;
    Set* set = live_set(remove.set);
    if (set == nullptr) return result;
    result.count = set->members.erase(remove.member);
    if (set->members.empty()) data_.sets.erase(remove.set);  // an empty set is no set
    return result;
  }
  StateResult run(const cxx::state::op::SetContains& contains, std::vector<Publication>&) {
    StateResult result;
    const Set* set = live_set(contains.set);
    result.count = set != nullptr && set->members.count(contains.member) != 0 ? 1 : 0;
    return result;
  }
  StateResult run(const cxx::state::op::SetMembers& members, std::vector<Publication>&) {
    StateResult result;
    const Set* set = live_set(members.set);
    if (set == nullptr) return result;
    for (const std::string& member : set->members) {
      if (result.items.size() >= members.max_items) break;
      result.items.push_back(cxx::state::ListItem{0, member});
    }
    return result;
  }

  // ---- publish: sent once the batch has been applied ----
  StateResult run(const cxx::state::op::Publish& publish, std::vector<Publication>& publishing) {
    publishing.emplace_back(publish.channel, publish.message);
    return StateResult{};
  }

  Data data_;
  Undo* undo_ = nullptr;  // the running batch's, when it has more than one operation
  std::vector<Publication> published_;
  int64_t now_us_ = 0;
  int64_t now_ms_ = 0;
};

}  // namespace smppd::testing
