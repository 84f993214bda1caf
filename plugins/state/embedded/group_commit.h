#pragma once

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "plugins/state/embedded/list_layout.h"
#include "plugins/state/embedded/set_layout.h"
#include "plugins/state/embedded/state_types.h"
#include "plugins/state/embedded/store_columns.h"
#include "plugins/state/embedded/stored_value.h"

namespace smppd::plugins::embedded {

// A message of an op::Publish, held until its round is on disk.
struct Publication {
  std::string channel;
  std::string message;
};

// One round of the store thread: every call queued since the last round is applied, in order, to
// one write batch, so each call reads the writes of the calls before it, and then the round is
// committed with a single DB::Write. That one write (one WAL append, one fsync when sync_writes
// is on) shared by thousands of small calls is what makes 100,000 messages per second with
// receipts possible. Nothing is acknowledged before commit() returns.
//
// Lists and sets are walked in key order, so their columns are indexed in the batch. The values
// column is only ever read by key: its writes go into the batch unindexed, and a hash map of the
// round's keys answers their reads (the index's skip list and its key comparisons were a third of
// the store thread's time with a receipt on every message).
class GroupCommit {
 public:
  // `now_us`: one wall-clock reading for the whole round, so every call in it agrees on what has
  // expired and on where each rate limit stands.
  GroupCommit(rocksdb::DB& db, const StoreColumns& columns, int64_t now_us);

  // Applies one call atomically: all its writes (and publications) join the round, or none when
  // an operation stops it.
  BatchResult apply(std::vector<StateOp>& ops);

  // Writes the round; nothing to write when every call only read or stopped.
  rocksdb::Status commit(const rocksdb::WriteOptions& options);

  // The messages published by the calls that were not stopped, in order: for the subscribers once
  // commit() succeeded.
  std::vector<Publication>& publications() { return publications_; }

 private:
  // An entry as found: `on_disk` when some bytes are there, `live` when they are not expired.
  struct Lookup {
    StateStatus status;
    bool on_disk = false;
    bool live = false;
    StoredValue value;  // points into the buffer passed to lookup()
  };
  struct ListLookup {
    StateStatus status;
    bool on_disk = false;
    bool live = false;
    ListMeta meta;
    int64_t expires_at_ms = 0;
  };
  // `live` when the set has members and has not expired.
  struct SetLookup {
    StateStatus status;
    bool on_disk = false;
    bool live = false;
    SetMeta meta;
    int64_t expires_at_ms = 0;
  };
  // What a walk is told: stop when it answers false.
  using ItemVisitor = std::function<bool(uint64_t id, const rocksdb::Slice& key, const StoredValue& value)>;
  using MemberVisitor = std::function<bool(std::string_view member)>;

  StateResult apply_op(op::Get& get);
  StateResult apply_op(op::Set& set);
  StateResult apply_op(op::SetIfAbsent& set);
  StateResult apply_op(op::Delete& erase);
  StateResult apply_op(op::CompareAndSet& cas);
  StateResult apply_op(op::Increment& increment);
  StateResult apply_op(op::ListAppend& append);
  StateResult apply_op(op::ListRange& range);
  StateResult apply_op(op::ListPopFront& pop);
  StateResult apply_op(op::ListRemove& remove);
  StateResult apply_op(op::GcraTake& take);
  StateResult apply_op(op::SetAdd& add);
  StateResult apply_op(op::SetRemove& remove);
  StateResult apply_op(op::SetContains& contains);
  StateResult apply_op(op::SetMembers& members);
  StateResult apply_op(op::Publish& publish);

  Lookup lookup(rocksdb::ColumnFamilyHandle* column, const std::string& key, std::string& buffer);
  ListLookup lookup_list(const std::string& list);
  SetLookup lookup_set(const std::string& set);
  StateStatus put(rocksdb::ColumnFamilyHandle* column, const std::string& key, std::string_view payload,
                  int64_t expires_at_ms);
  StateStatus erase(rocksdb::ColumnFamilyHandle* column, const rocksdb::Slice& key);
  StateStatus put_list_meta(const std::string& list, const ListMeta& meta, int64_t expires_at_ms);
  StateStatus put_set_meta(const std::string& set, const SetMeta& meta, int64_t expires_at_ms);
  // Items of the list from `from_id` on, in id order, expired ones included (the visitor decides).
  StateStatus walk_items(const std::string& list, uint64_t from_id, const ItemVisitor& visit);
  // Members of one generation of the set, in byte order.
  StateStatus walk_members(const std::string& set, uint64_t generation, const MemberVisitor& visit);

  rocksdb::DB& db_;
  StoreColumns columns_;
  int64_t now_us_;
  int64_t now_ms_;
  // A value written in this round, or nullopt when it was deleted.
  using RoundValue = std::optional<std::string>;
  using RoundValues = std::unordered_map<std::string, RoundValue>;
  // How a key of the values column stood in the round before a call wrote it: what a stopped call
  // puts back. `entry` is the key's node in values_written_ (a node stays put when the map grows).
  struct ValueUndo {
    RoundValues::value_type* entry = nullptr;
    bool was_written = false;
    RoundValue before;
  };

  // The values column's writes of this round: into the batch, unindexed, and into values_written_.
  void write_value(const rocksdb::Slice& key, RoundValue encoded);

  rocksdb::WriteBatchWithIndex batch_;
  RoundValues values_written_;
  std::vector<ValueUndo> values_undo_;  // the current call's, oldest first
  rocksdb::ReadOptions read_options_;
  std::vector<Publication> publications_;
};

}  // namespace smppd::plugins::embedded
