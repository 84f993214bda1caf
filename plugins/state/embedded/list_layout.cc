#include "plugins/state/embedded/list_layout.h"

#include "plugins/state/embedded/big_endian.h"

namespace smppd::plugins::embedded {
namespace {

constexpr size_t kIdBytes = 8;
constexpr size_t kMetaBytes = 8 + 8 + 1;

}  // namespace

std::string list_item_prefix(std::string_view list) { return length_prefixed(list); }

std::string list_item_key(std::string_view list, uint64_t id) {
  std::string key = list_item_prefix(list);
  append_big_endian64(key, id);
  return key;
}

uint64_t item_id_of(std::string_view item_key) { return read_big_endian64(item_key.substr(item_key.size() - kIdBytes)); }

std::string encode_list_meta(const ListMeta& meta) {
  std::string payload;
  payload.reserve(kMetaBytes);
  append_big_endian64(payload, meta.next_id);
  append_big_endian64(payload, meta.first_live_id);
  payload.push_back(meta.purge_below_first_live ? 1 : 0);
  return payload;
}

std::optional<ListMeta> decode_list_meta(std::string_view payload) {
  if (payload.size() != kMetaBytes) return std::nullopt;
  ListMeta meta;
  meta.next_id = read_big_endian64(payload);
  meta.first_live_id = read_big_endian64(payload.substr(8));
  meta.purge_below_first_live = payload[16] != 0;
  if (meta.first_live_id == 0 || meta.first_live_id > meta.next_id) return std::nullopt;
  return meta;
}

}  // namespace smppd::plugins::embedded
