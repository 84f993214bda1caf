#pragma once

#include <rocksdb/compaction_filter.h>

#include "plugins/state/embedded/stored_value.h"

namespace smppd::plugins::embedded {

// Drops expired entries whenever RocksDB rewrites a file, so entries nobody reads again do not
// keep the store growing. Reads never depend on it: they check the expiry themselves. RocksDB
// turns a removal into a tombstone where an older version may sit lower down, so dropping an
// expired value never brings an older one back. One instance serves every compaction thread:
// Filter is const and the clock is safe to call from any thread.
class ExpiryCompactionFilter final : public rocksdb::CompactionFilter {
 public:
  explicit ExpiryCompactionFilter(WallClock clock) : clock_(std::move(clock)) {}

  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& existing_value, std::string* new_value,
              bool* value_changed) const override;
  const char* Name() const override { return "smppd.ExpiryCompactionFilter"; }

 private:
  WallClock clock_;
};

}  // namespace smppd::plugins::embedded
