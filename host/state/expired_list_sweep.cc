#include "host/state/expired_list_sweep.h"

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "host/state/list_layout.h"
#include "host/state/stored_value.h"

namespace smppd::state {

SweepOutcome sweep_expired_lists(rocksdb::DB& db, const StoreColumns& columns, int64_t now_ms,
                                 const rocksdb::WriteOptions& write_options) {
  SweepOutcome outcome;
  rocksdb::WriteBatch batch;
  const std::unique_ptr<rocksdb::Iterator> lists(db.NewIterator(rocksdb::ReadOptions(), columns.list_meta));
  for (lists->SeekToFirst(); lists->Valid(); lists->Next()) {
    const std::string_view list(lists->key().data(), lists->key().size());
    const std::optional<StoredValue> stored =
        decode_stored_value(std::string_view(lists->value().data(), lists->value().size()));
    if (!stored) continue;  // damaged: leave it for a person to look at
    const std::optional<ListMeta> meta = decode_list_meta(stored->payload);
    if (!meta) continue;
    if (stored->expired(now_ms)) {
      batch.DeleteRange(columns.list_items, list_item_key(list, 0),
                        list_item_key(list, std::numeric_limits<uint64_t>::max()));
      batch.Delete(columns.list_meta, lists->key());
      ++outcome.lists_removed;
    } else if (meta->purge_below_first_live) {
      batch.DeleteRange(columns.list_items, list_item_key(list, 0), list_item_key(list, meta->first_live_id));
      ListMeta purged = *meta;
      purged.purge_below_first_live = false;
      batch.Put(columns.list_meta, lists->key(), encode_stored_value(encode_list_meta(purged), stored->expires_at_ms));
      ++outcome.ranges_purged;
    }
  }
  outcome.status = lists->status();
  if (outcome.status.ok() && batch.Count() > 0) outcome.status = db.Write(write_options, &batch);
  return outcome;
}

}  // namespace smppd::state
