#include "plugins/state/embedded/set_layout.h"

#include "plugins/state/embedded/big_endian.h"

namespace smppd::plugins::embedded {
namespace {

constexpr size_t kMetaBytes = 8 + 8 + 1;

}  // namespace

std::string set_member_prefix(std::string_view set, uint64_t generation) {
  std::string prefix = length_prefixed(set);
  append_big_endian64(prefix, generation);
  return prefix;
}

std::string set_member_key(std::string_view set, uint64_t generation, std::string_view member) {
  std::string key = set_member_prefix(set, generation);
  key.append(member);
  return key;
}

std::string encode_set_meta(const SetMeta& meta) {
  std::string payload;
  payload.reserve(kMetaBytes);
  append_big_endian64(payload, meta.generation);
  append_big_endian64(payload, meta.count);
  payload.push_back(meta.purge_below_generation ? 1 : 0);
  return payload;
}

std::optional<SetMeta> decode_set_meta(std::string_view payload) {
  if (payload.size() != kMetaBytes) return std::nullopt;
  SetMeta meta;
  meta.generation = read_big_endian64(payload);
  meta.count = read_big_endian64(payload.substr(8));
  meta.purge_below_generation = payload[16] != 0;
  if (meta.generation == 0) return std::nullopt;
  return meta;
}

}  // namespace smppd::plugins::embedded
