#pragma once

#include <rocksdb/db.h>

#include <cstdint>

#include "plugins/state/embedded/store_columns.h"

namespace smppd::plugins::embedded {

struct SweepOutcome {
  rocksdb::Status status;
  uint64_t lists_removed = 0;        // expired as a whole: meta and items deleted
  uint64_t list_ranges_purged = 0;   // started again after expiring: the old items deleted
  uint64_t sets_removed = 0;         // expired as a whole: meta and members deleted
  uint64_t set_ranges_purged = 0;    // started again after expiring: the old members deleted
};

// Deletes what list and set expiry left behind, each list's items and each set's members as one
// range: lists and sets that expired as a whole (an outbox nobody came back for) and the old items
// and members of those that started again. Single expired values and items need no sweep: the
// compaction filter drops them. Runs on the store thread between rounds, so no round sees a list
// or set half swept.
SweepOutcome sweep_expired(rocksdb::DB& db, const StoreColumns& columns, int64_t now_ms,
                           const rocksdb::WriteOptions& write_options);

}  // namespace smppd::plugins::embedded
