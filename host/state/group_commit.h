#pragma once

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/state/list_layout.h"
#include "host/state/state_op.h"
#include "host/state/state_result.h"
#include "host/state/store_columns.h"
#include "host/state/stored_value.h"

namespace smppd::state {

// One round of the store thread: every call queued since the last round is applied, in order, to
// one indexed write batch, so each call reads the writes of the calls before it, and then the
// round is committed with a single DB::Write. That one write (one WAL append, one fsync when
// sync_writes is on) shared by thousands of small calls is what makes 100,000 messages per
// second with receipts possible. Nothing is acknowledged before commit() returns.
class GroupCommit {
 public:
  GroupCommit(rocksdb::DB& db, const StoreColumns& columns, int64_t now_ms);

  // Applies one call atomically: all its writes join the round, or none when an operation
  // stops it.
  BatchResult apply(std::vector<StateOp>& ops);

  // Writes the round; nothing to write when every call only read or stopped.
  rocksdb::Status commit(const rocksdb::WriteOptions& options);

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
  // What the items walk is told: stop when it answers false.
  using ItemVisitor = std::function<bool(uint64_t id, const rocksdb::Slice& key, const StoredValue& value)>;

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

  Lookup lookup(rocksdb::ColumnFamilyHandle* column, const std::string& key, std::string& buffer);
  ListLookup lookup_list(const std::string& list);
  StateStatus put(rocksdb::ColumnFamilyHandle* column, const std::string& key, std::string_view payload,
                  int64_t expires_at_ms);
  StateStatus erase(rocksdb::ColumnFamilyHandle* column, const rocksdb::Slice& key);
  StateStatus put_list_meta(const std::string& list, const ListMeta& meta, int64_t expires_at_ms);
  // Items of the list from `from_id` on, in id order, expired ones included (the visitor decides).
  StateStatus walk_items(const std::string& list, uint64_t from_id, const ItemVisitor& visit);

  rocksdb::DB& db_;
  StoreColumns columns_;
  int64_t now_ms_;  // one clock reading per round: every call in it agrees on what has expired
  rocksdb::WriteBatchWithIndex batch_;
  rocksdb::ReadOptions read_options_;
};

}  // namespace smppd::state
