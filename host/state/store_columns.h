#pragma once

namespace rocksdb {
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace smppd::state {

// The embedded store's column families: keys and their values, list items, and one meta record
// per list. Lists get their own families so that no key a caller picks can collide with an item
// key, and so that the sweep can walk every list without reading a single value.
struct StoreColumns {
  rocksdb::ColumnFamilyHandle* values = nullptr;
  rocksdb::ColumnFamilyHandle* list_items = nullptr;
  rocksdb::ColumnFamilyHandle* list_meta = nullptr;
};

}  // namespace smppd::state
