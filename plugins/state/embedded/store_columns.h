#pragma once

namespace rocksdb {
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace smppd::plugins::embedded {

// The embedded store's column families: keys and their values, list items and one meta record
// per list, set members and one meta record per set. Lists and sets get their own families so that
// no key a caller picks can collide with an item or member key, and so that the sweep can walk
// every list and set without reading a single value.
struct StoreColumns {
  rocksdb::ColumnFamilyHandle* values = nullptr;
  rocksdb::ColumnFamilyHandle* list_items = nullptr;
  rocksdb::ColumnFamilyHandle* list_meta = nullptr;
  rocksdb::ColumnFamilyHandle* set_members = nullptr;
  rocksdb::ColumnFamilyHandle* set_meta = nullptr;
};

}  // namespace smppd::plugins::embedded
