#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::embedded {

// How lists sit in the embedded store. Items live in their own column family under
//   4-byte big-endian length of the list name | name | 8-byte big-endian item id
// so one list's items are contiguous and in id order, and no name can be a prefix of another's
// items. Each list also has one meta record (another column family, keyed by the name) holding
// the next id and where the live items begin; its stored expiry is the whole list's.
struct ListMeta {
  uint64_t next_id = 1;
  // Every item below this id is gone or dead: reads and pops start here instead of stepping
  // over the tombstones of items already drained.
  uint64_t first_live_id = 1;
  // The list expired as a whole and started again: items below first_live_id still sit on disk
  // until the background sweep deletes them as one range.
  bool purge_below_first_live = false;
};

std::string list_item_key(std::string_view list, uint64_t id);
// The item id at the end of an item key; the caller has checked the key's list.
uint64_t item_id_of(std::string_view item_key);
// The bytes every item key of the list starts with.
std::string list_item_prefix(std::string_view list);

std::string encode_list_meta(const ListMeta& meta);
std::optional<ListMeta> decode_list_meta(std::string_view payload);

}  // namespace smppd::plugins::embedded
