#include "plugins/state/embedded/expired_sweep.h"

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/state/embedded/list_layout.h"
#include "plugins/state/embedded/set_layout.h"
#include "plugins/state/embedded/stored_value.h"

namespace smppd::plugins::embedded {
namespace {

constexpr uint64_t kLast = std::numeric_limits<uint64_t>::max();

std::string_view view_of(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

void sweep_lists(rocksdb::DB& db, const StoreColumns& columns, int64_t now_ms, rocksdb::WriteBatch& batch,
                 SweepOutcome& outcome) {
  const std::unique_ptr<rocksdb::Iterator> lists(db.NewIterator(rocksdb::ReadOptions(), columns.list_meta));
  for (lists->SeekToFirst(); lists->Valid(); lists->Next()) {
    const std::string_view list = view_of(lists->key());
    const std::optional<StoredValue> stored = decode_stored_value(view_of(lists->value()));
    if (!stored) continue;  // damaged: leave it for a person to look at
    const std::optional<ListMeta> meta = decode_list_meta(stored->payload);
    if (!meta) continue;
    if (stored->expired(now_ms)) {
      batch.DeleteRange(columns.list_items, list_item_key(list, 0), list_item_key(list, kLast));
      batch.Delete(columns.list_meta, lists->key());
      ++outcome.lists_removed;
    } else if (meta->purge_below_first_live) {
      batch.DeleteRange(columns.list_items, list_item_key(list, 0), list_item_key(list, meta->first_live_id));
      ListMeta purged = *meta;
      purged.purge_below_first_live = false;
      batch.Put(columns.list_meta, lists->key(), encode_stored_value(encode_list_meta(purged), stored->expires_at_ms));
      ++outcome.list_ranges_purged;
    }
  }
  outcome.status = lists->status();
}

void sweep_sets(rocksdb::DB& db, const StoreColumns& columns, int64_t now_ms, rocksdb::WriteBatch& batch,
                SweepOutcome& outcome) {
  const std::unique_ptr<rocksdb::Iterator> sets(db.NewIterator(rocksdb::ReadOptions(), columns.set_meta));
  for (sets->SeekToFirst(); sets->Valid(); sets->Next()) {
    const std::string_view set = view_of(sets->key());
    const std::optional<StoredValue> stored = decode_stored_value(view_of(sets->value()));
    if (!stored) continue;
    const std::optional<SetMeta> meta = decode_set_meta(stored->payload);
    if (!meta) continue;
    if (stored->expired(now_ms)) {
      batch.DeleteRange(columns.set_members, set_member_prefix(set, 0), set_member_prefix(set, kLast));
      batch.Delete(columns.set_meta, sets->key());
      ++outcome.sets_removed;
    } else if (meta->purge_below_generation) {
      batch.DeleteRange(columns.set_members, set_member_prefix(set, 0), set_member_prefix(set, meta->generation));
      if (meta->count == 0) {
        batch.Delete(columns.set_meta, sets->key());  // emptied while old members waited: gone now
      } else {
        SetMeta purged = *meta;
        purged.purge_below_generation = false;
        batch.Put(columns.set_meta, sets->key(), encode_stored_value(encode_set_meta(purged), stored->expires_at_ms));
      }
      ++outcome.set_ranges_purged;
    }
  }
  outcome.status = sets->status();
}

}  // namespace

SweepOutcome sweep_expired(rocksdb::DB& db, const StoreColumns& columns, int64_t now_ms,
                           const rocksdb::WriteOptions& write_options) {
  SweepOutcome outcome;
  rocksdb::WriteBatch batch;
  sweep_lists(db, columns, now_ms, batch, outcome);
  if (outcome.status.ok()) sweep_sets(db, columns, now_ms, batch, outcome);
  if (outcome.status.ok() && batch.Count() > 0) outcome.status = db.Write(write_options, &batch);
  return outcome;
}

}  // namespace smppd::plugins::embedded
