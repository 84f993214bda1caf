#pragma once

#include <rocksdb/db.h>

#include <cstdint>

#include "host/state/store_columns.h"

namespace smppd::state {

struct SweepOutcome {
  rocksdb::Status status;
  uint64_t lists_removed = 0;   // expired as a whole: meta and items deleted
  uint64_t ranges_purged = 0;   // started again after expiring: the old items deleted
};

// Deletes what list expiry left behind, each list's items as one range: lists that expired as a
// whole (an outbox nobody came back for) and the old items of lists that started again. Single
// expired values and items need no sweep: the compaction filter drops them. Runs on the store
// thread between rounds, so no round sees a list half swept.
SweepOutcome sweep_expired_lists(rocksdb::DB& db, const StoreColumns& columns, int64_t now_ms,
                                 const rocksdb::WriteOptions& write_options);

}  // namespace smppd::state
