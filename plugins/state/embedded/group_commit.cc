#include "plugins/state/embedded/group_commit.h"

#include <charconv>
#include <limits>
#include <memory>
#include <variant>

#include "plugins/state/embedded/gcra.h"

namespace smppd::plugins::embedded {
namespace {

// The end of every list's id space and every set's generations: keys stay below it, so it bounds
// a walk.
constexpr uint64_t kIdLimit = std::numeric_limits<uint64_t>::max();

StateStatus status_of(StateCode code, std::string message = {}) { return StateStatus{code, std::move(message)}; }

StateStatus backend_error(const rocksdb::Status& status) { return status_of(StateCode::error, status.ToString()); }

StateResult result_with(StateStatus status) {
  StateResult result;
  result.status = std::move(status);
  return result;
}

std::string_view view_of(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

// A counter's value, and a rate limit's TAT: decimal text, as Redis INCRBY keeps it, so both
// backends agree.
std::optional<int64_t> parse_counter(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace

GroupCommit::GroupCommit(rocksdb::DB& db, const StoreColumns& columns, int64_t now_us)
    : db_(db),
      columns_(columns),
      now_us_(now_us),
      now_ms_(millis_of(now_us)),
      batch_(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true) {}

BatchResult GroupCommit::apply(std::vector<StateOp>& ops) {
  BatchResult batch;
  batch.results.reserve(ops.size());
  const uint32_t writes_before = batch_.GetWriteBatch()->Count();
  const size_t publications_before = publications_.size();
  values_undo_.clear();
  batch_.SetSavePoint();
  for (StateOp& op : ops) {
    if (!batch.status.ok()) {
      batch.results.push_back(result_with(status_of(StateCode::aborted)));
      continue;
    }
    StateResult result = std::visit([this](auto& one) { return apply_op(one); }, op);
    if (result.status.stops_batch()) batch.status = result.status;
    batch.results.push_back(std::move(result));
  }
  if (!batch.status.ok()) {
    publications_.resize(publications_before);
    // Newest first: a key's node goes only with its oldest entry, after its later ones.
    for (auto undo = values_undo_.rbegin(); undo != values_undo_.rend(); ++undo) {
      if (undo->was_written) {
        undo->entry->second = std::move(undo->before);
      } else {
        values_written_.erase(values_written_.find(undo->entry->first));
      }
    }
  }
  // Rolling back rebuilds the batch's index: only worth it when this call wrote something. It
  // truncates the unindexed writes too (the save point is the batch's own).
  if (!batch.status.ok() && batch_.GetWriteBatch()->Count() != writes_before) {
    batch_.RollbackToSavePoint();
  } else {
    batch_.PopSavePoint();
  }
  return batch;
}

rocksdb::Status GroupCommit::commit(const rocksdb::WriteOptions& options) {
  if (batch_.GetWriteBatch()->Count() == 0) return rocksdb::Status::OK();
  return db_.Write(options, batch_.GetWriteBatch());
}

// ---- keys and values -------------------------------------------------------------------------

StateResult GroupCommit::apply_op(op::Get& get) {
  std::string buffer;
  const Lookup found = lookup(columns_.values, get.key, buffer);
  if (!found.status.ok()) return result_with(found.status);
  if (!found.live) return result_with(status_of(StateCode::not_found));
  StateResult result;
  result.value = std::string(found.value.payload);
  return result;
}

StateResult GroupCommit::apply_op(op::Set& set) {
  return result_with(put(columns_.values, set.key, set.value, expiry_after(now_ms_, set.ttl)));
}

StateResult GroupCommit::apply_op(op::SetIfAbsent& set) {
  std::string buffer;
  const Lookup found = lookup(columns_.values, set.key, buffer);
  if (!found.status.ok()) return result_with(found.status);
  if (found.live) return result_with(status_of(StateCode::exists));
  return result_with(put(columns_.values, set.key, set.value, expiry_after(now_ms_, set.ttl)));
}

StateResult GroupCommit::apply_op(op::Delete& erase_op) {
  std::string buffer;
  const Lookup found = lookup(columns_.values, erase_op.key, buffer);
  if (!found.status.ok()) return result_with(found.status);
  if (!found.on_disk) return result_with(status_of(StateCode::not_found));
  // An expired entry is deleted too (it is garbage), but answers as the absence it already was.
  StateResult result = result_with(erase(columns_.values, erase_op.key));
  if (result.status.ok() && !found.live) result.status.code = StateCode::not_found;
  result.count = found.live ? 1 : 0;
  return result;
}

StateResult GroupCommit::apply_op(op::CompareAndSet& cas) {
  std::string buffer;
  const Lookup found = lookup(columns_.values, cas.key, buffer);
  if (!found.status.ok()) return result_with(found.status);
  if (!found.live || found.value.payload != cas.expected) {
    StateResult result = result_with(status_of(StateCode::mismatch));
    if (found.live) result.value = std::string(found.value.payload);
    return result;
  }
  return result_with(put(columns_.values, cas.key, cas.desired, expiry_after(now_ms_, cas.ttl)));
}

StateResult GroupCommit::apply_op(op::Increment& increment) {
  std::string buffer;
  const Lookup found = lookup(columns_.values, increment.key, buffer);
  if (!found.status.ok()) return result_with(found.status);
  int64_t current = 0;
  int64_t expires_at = expiry_after(now_ms_, increment.ttl);
  if (found.live) {
    const std::optional<int64_t> parsed = parse_counter(found.value.payload);
    if (!parsed) return result_with(status_of(StateCode::error, "the value under the key is not an integer"));
    current = *parsed;
    expires_at = found.value.expires_at_ms;  // a counter keeps the window it started with
  }
  int64_t next = 0;
  StateResult result;
  if (__builtin_add_overflow(current, increment.delta, &next) || next < increment.floor ||
      next > increment.ceiling) {
    result.status.code = StateCode::would_cross;
    result.number = current;
    return result;
  }
  result.status = put(columns_.values, increment.key, std::to_string(next), expires_at);
  result.number = next;
  return result;
}

// ---- lists -----------------------------------------------------------------------------------

StateResult GroupCommit::apply_op(op::ListAppend& append) {
  const ListLookup list = lookup_list(append.list);
  if (!list.status.ok()) return result_with(list.status);
  ListMeta meta;
  int64_t list_expires_at = 0;
  if (list.live) {
    meta = list.meta;
    list_expires_at = list.expires_at_ms;
  } else if (list.on_disk) {
    // The list expired as a whole and starts again. Its old items become invisible at once by
    // starting above them (ids are never reused); the sweep deletes them later as one range.
    meta = list.meta;
    meta.first_live_id = meta.next_id;
    meta.purge_below_first_live = true;
  }
  if (meta.next_id >= kIdLimit) return result_with(status_of(StateCode::error, "the list has used every item id"));
  const uint64_t id = meta.next_id++;
  StateResult result =
      result_with(put(columns_.list_items, list_item_key(append.list, id), append.value,
                      expiry_after(now_ms_, append.item_ttl)));
  if (!result.status.ok()) return result;
  if (append.list_ttl > kNoExpiry) list_expires_at = expiry_after(now_ms_, append.list_ttl);
  result.status = put_list_meta(append.list, meta, list_expires_at);
  result.item_id = id;
  return result;
}

StateResult GroupCommit::apply_op(op::ListRange& range) {
  StateResult result;
  const ListLookup list = lookup_list(range.list);
  if (!list.status.ok() || !list.live || range.max_items == 0 || range.after_id >= kIdLimit - 1) {
    result.status = list.status;
    return result;
  }
  const uint64_t from_id = std::max(range.after_id + 1, list.meta.first_live_id);
  result.status = walk_items(range.list, from_id, [&](uint64_t id, const rocksdb::Slice&, const StoredValue& value) {
    if (!value.expired(now_ms_)) result.items.push_back(ListItem{id, std::string(value.payload)});
    return result.items.size() < range.max_items;
  });
  if (!result.status.ok()) result.items.clear();
  return result;
}

StateResult GroupCommit::apply_op(op::ListPopFront& pop) {
  StateResult result;
  const ListLookup list = lookup_list(pop.list);
  if (!list.status.ok() || !list.live || pop.max_items == 0) {
    result.status = list.status;
    return result;
  }
  // Keys are collected first: writing to the batch under its own iterator is not safe.
  std::vector<std::string> doomed;
  uint64_t last_visited = 0;
  result.status = walk_items(pop.list, list.meta.first_live_id,
                             [&](uint64_t id, const rocksdb::Slice& key, const StoredValue& value) {
                               last_visited = id;
                               doomed.emplace_back(key.data(), key.size());
                               if (!value.expired(now_ms_)) result.items.push_back(ListItem{id, std::string(value.payload)});
                               return result.items.size() < pop.max_items;
                             });
  if (!result.status.ok()) {
    result.items.clear();
    return result;
  }
  for (const std::string& key : doomed) {
    if (StateStatus erased = erase(columns_.list_items, key); !erased.ok()) return result_with(std::move(erased));
  }
  if (last_visited != 0) {
    // Everything up to the last item visited is gone now: the next pop starts after it.
    ListMeta meta = list.meta;
    meta.first_live_id = last_visited + 1;
    result.status = put_list_meta(pop.list, meta, list.expires_at_ms);
  }
  return result;
}

StateResult GroupCommit::apply_op(op::ListRemove& remove) {
  StateResult result;
  const ListLookup list = lookup_list(remove.list);
  if (!list.status.ok() || !list.live) {
    result.status = list.status;
    return result;
  }
  std::string buffer;
  for (const uint64_t id : remove.ids) {
    if (id < list.meta.first_live_id || id >= list.meta.next_id) continue;
    const std::string key = list_item_key(remove.list, id);
    const Lookup found = lookup(columns_.list_items, key, buffer);
    if (!found.status.ok()) return result_with(found.status);
    if (!found.on_disk) continue;
    if (StateStatus erased = erase(columns_.list_items, key); !erased.ok()) return result_with(std::move(erased));
    if (found.live) ++result.count;
  }
  return result;
}

// ---- rate limits -------------------------------------------------------------------------------

StateResult GroupCommit::apply_op(op::GcraTake& take) {
  std::string buffer;
  const Lookup found = lookup(columns_.values, take.key, buffer);
  if (!found.status.ok()) return result_with(found.status);
  int64_t tat_us = 0;  // none: a full bucket
  if (found.live) {
    const std::optional<int64_t> parsed = parse_counter(found.value.payload);
    if (!parsed) return result_with(status_of(StateCode::error, "the value under the key is not a rate limit"));
    tat_us = *parsed;
  }
  const GcraDecision decision = gcra_take(now_us_, tat_us, take.amount, take.interval.count(), take.burst);
  StateResult result;
  result.number = decision.number;
  if (!decision.taken) {
    result.status.code = StateCode::would_cross;
    return result;
  }
  if (take.amount > 0) {
    // The entry lasts until the bucket is full again: from then on its absence means the same.
    const int64_t full_at_ms = millis_of(decision.tat_us) + (decision.tat_us % 1000 != 0 ? 1 : 0);
    result.status = put(columns_.values, take.key, std::to_string(decision.tat_us), full_at_ms);
  }
  return result;
}

// ---- sets ------------------------------------------------------------------------------------

StateResult GroupCommit::apply_op(op::SetAdd& add) {
  const SetLookup set = lookup_set(add.set);
  if (!set.status.ok()) return result_with(set.status);
  SetMeta meta;
  int64_t set_expires_at = 0;
  if (set.live) {
    meta = set.meta;
    set_expires_at = set.expires_at_ms;
  } else if (set.on_disk) {
    // Expired or emptied: the set starts again, without its old expiry, in a new generation that
    // leaves any old members invisible until the sweep deletes them.
    if (set.meta.generation >= kIdLimit - 1) {
      return result_with(status_of(StateCode::error, "the set has used every generation"));
    }
    meta.generation = set.meta.generation + 1;
    meta.purge_below_generation = true;
  }
  const std::string key = set_member_key(add.set, meta.generation, add.member);
  bool present = false;
  if (set.live) {
    std::string buffer;
    const Lookup member = lookup(columns_.set_members, key, buffer);
    if (!member.status.ok()) return result_with(member.status);
    present = member.on_disk;
  }
  StateResult result;
  if (!present) {
    StateStatus written = put(columns_.set_members, key, {}, 0);
    if (!written.ok()) return result_with(std::move(written));
    ++meta.count;
    result.count = 1;
  }
  if (add.ttl > kNoExpiry) set_expires_at = expiry_after(now_ms_, add.ttl);
  if (!present || add.ttl > kNoExpiry) result.status = put_set_meta(add.set, meta, set_expires_at);
  return result;
}

StateResult GroupCommit::apply_op(op::SetRemove& remove) {
  const SetLookup set = lookup_set(remove.set);
  if (!set.status.ok() || !set.live) return result_with(set.status);
  const std::string key = set_member_key(remove.set, set.meta.generation, remove.member);
  std::string buffer;
  const Lookup member = lookup(columns_.set_members, key, buffer);
  if (!member.status.ok() || !member.on_disk) return result_with(member.status);
  if (StateStatus erased = erase(columns_.set_members, key); !erased.ok()) return result_with(std::move(erased));
  SetMeta meta = set.meta;
  --meta.count;
  StateResult result;
  result.count = 1;
  if (meta.count == 0 && !meta.purge_below_generation) {
    result.status = erase(columns_.set_meta, remove.set);  // an empty set is no set
  } else {
    result.status = put_set_meta(remove.set, meta, set.expires_at_ms);
  }
  return result;
}

StateResult GroupCommit::apply_op(op::SetContains& contains) {
  const SetLookup set = lookup_set(contains.set);
  if (!set.status.ok() || !set.live) return result_with(set.status);
  std::string buffer;
  const Lookup member =
      lookup(columns_.set_members, set_member_key(contains.set, set.meta.generation, contains.member), buffer);
  StateResult result = result_with(member.status);
  result.count = member.status.ok() && member.on_disk ? 1 : 0;
  return result;
}

StateResult GroupCommit::apply_op(op::SetMembers& members) {
  const SetLookup set = lookup_set(members.set);
  if (!set.status.ok() || !set.live || members.max_items == 0) return result_with(set.status);
  StateResult result;
  result.status = walk_members(members.set, set.meta.generation, [&](std::string_view member) {
    result.items.push_back(ListItem{0, std::string(member)});
    return result.items.size() < members.max_items;
  });
  if (!result.status.ok()) result.items.clear();
  return result;
}

// ---- publish -----------------------------------------------------------------------------------

StateResult GroupCommit::apply_op(op::Publish& publish) {
  // Nothing to store: the message waits for the round's commit (and is dropped with a stopped call).
  publications_.push_back(Publication{std::move(publish.channel), std::move(publish.message)});
  return StateResult{};
}

// ---- reading and writing the batch -------------------------------------------------------------

GroupCommit::Lookup GroupCommit::lookup(rocksdb::ColumnFamilyHandle* column, const std::string& key,
                                        std::string& buffer) {
  Lookup found;
  rocksdb::Status status;
  if (column != columns_.values) {
    status = batch_.GetFromBatchAndDB(&db_, read_options_, column, key, &buffer);
  } else if (auto written = values_written_.find(key); written != values_written_.end()) {
    if (!written->second) return found;  // deleted in this round
    buffer = *written->second;
  } else {
    status = db_.Get(read_options_, column, key, &buffer);
  }
  if (status.IsNotFound()) return found;
  if (!status.ok()) {
    found.status = backend_error(status);
    return found;
  }
  const std::optional<StoredValue> decoded = decode_stored_value(buffer);
  if (!decoded) {
    found.status = status_of(StateCode::error, "a stored entry is damaged");
    return found;
  }
  found.on_disk = true;
  found.live = !decoded->expired(now_ms_);
  found.value = *decoded;
  return found;
}

GroupCommit::ListLookup GroupCommit::lookup_list(const std::string& list) {
  ListLookup found;
  std::string buffer;
  const Lookup meta = lookup(columns_.list_meta, list, buffer);
  found.status = meta.status;
  if (!meta.status.ok() || !meta.on_disk) return found;
  const std::optional<ListMeta> decoded = decode_list_meta(meta.value.payload);
  if (!decoded) {
    found.status = status_of(StateCode::error, "a list's meta record is damaged");
    return found;
  }
  found.on_disk = true;
  found.live = meta.live;
  found.meta = *decoded;
  found.expires_at_ms = meta.value.expires_at_ms;
  return found;
}

GroupCommit::SetLookup GroupCommit::lookup_set(const std::string& set) {
  SetLookup found;
  std::string buffer;
  const Lookup meta = lookup(columns_.set_meta, set, buffer);
  found.status = meta.status;
  if (!meta.status.ok() || !meta.on_disk) return found;
  const std::optional<SetMeta> decoded = decode_set_meta(meta.value.payload);
  if (!decoded) {
    found.status = status_of(StateCode::error, "a set's meta record is damaged");
    return found;
  }
  found.on_disk = true;
  found.live = meta.live && decoded->count > 0;
  found.meta = *decoded;
  found.expires_at_ms = meta.value.expires_at_ms;
  return found;
}

StateStatus GroupCommit::put(rocksdb::ColumnFamilyHandle* column, const std::string& key, std::string_view payload,
                             int64_t expires_at_ms) {
  std::string encoded = encode_stored_value(payload, expires_at_ms);
  if (column == columns_.values) {
    const rocksdb::Status status = batch_.GetWriteBatch()->Put(column, key, encoded);
    if (!status.ok()) return backend_error(status);
    write_value(key, std::move(encoded));
    return {};
  }
  const rocksdb::Status status = batch_.Put(column, key, encoded);
  return status.ok() ? StateStatus{} : backend_error(status);
}

StateStatus GroupCommit::erase(rocksdb::ColumnFamilyHandle* column, const rocksdb::Slice& key) {
  if (column == columns_.values) {
    const rocksdb::Status status = batch_.GetWriteBatch()->Delete(column, key);
    if (!status.ok()) return backend_error(status);
    write_value(key, std::nullopt);
    return {};
  }
  const rocksdb::Status status = batch_.Delete(column, key);
  return status.ok() ? StateStatus{} : backend_error(status);
}

void GroupCommit::write_value(const rocksdb::Slice& key, RoundValue encoded) {
  auto [entry, inserted] = values_written_.try_emplace(key.ToString());
  ValueUndo undo{&*entry, !inserted, std::nullopt};
  if (!inserted) undo.before = std::move(entry->second);
  values_undo_.push_back(std::move(undo));
  entry->second = std::move(encoded);
}

StateStatus GroupCommit::put_list_meta(const std::string& list, const ListMeta& meta, int64_t expires_at_ms) {
  return put(columns_.list_meta, list, encode_list_meta(meta), expires_at_ms);
}

StateStatus GroupCommit::put_set_meta(const std::string& set, const SetMeta& meta, int64_t expires_at_ms) {
  return put(columns_.set_meta, set, encode_set_meta(meta), expires_at_ms);
}

StateStatus GroupCommit::walk_items(const std::string& list, uint64_t from_id, const ItemVisitor& visit) {
  const std::string prefix = list_item_prefix(list);
  const std::string upper_bound = list_item_key(list, kIdLimit);
  const rocksdb::Slice upper_slice(upper_bound);
  rocksdb::ReadOptions options = read_options_;
  options.iterate_upper_bound = &upper_slice;
  const std::unique_ptr<rocksdb::Iterator> items(
      batch_.NewIteratorWithBase(columns_.list_items, db_.NewIterator(options, columns_.list_items), &options));
  for (items->Seek(list_item_key(list, from_id)); items->Valid(); items->Next()) {
    const rocksdb::Slice key = items->key();
    if (!key.starts_with(prefix) || key.size() != upper_bound.size()) break;
    const std::optional<StoredValue> value = decode_stored_value(view_of(items->value()));
    if (!value) return status_of(StateCode::error, "a stored list item is damaged");
    if (!visit(item_id_of(view_of(key)), key, *value)) break;
  }
  if (!items->status().ok()) return backend_error(items->status());
  return {};
}

StateStatus GroupCommit::walk_members(const std::string& set, uint64_t generation, const MemberVisitor& visit) {
  const std::string prefix = set_member_prefix(set, generation);
  const std::string upper_bound = set_member_prefix(set, generation + 1);
  const rocksdb::Slice upper_slice(upper_bound);
  rocksdb::ReadOptions options = read_options_;
  options.iterate_upper_bound = &upper_slice;
  const std::unique_ptr<rocksdb::Iterator> members(
      batch_.NewIteratorWithBase(columns_.set_members, db_.NewIterator(options, columns_.set_members), &options));
  for (members->Seek(prefix); members->Valid(); members->Next()) {
    const rocksdb::Slice key = members->key();
    if (!key.starts_with(prefix)) break;
    if (!visit(view_of(key).substr(prefix.size()))) break;
  }
  if (!members->status().ok()) return backend_error(members->status());
  return {};
}

}  // namespace smppd::plugins::embedded
