#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::embedded {

// How sets sit in the embedded store. Members live in their own column family under
//   4-byte big-endian length of the set name | name | 8-byte big-endian generation | member
// so one set's members are contiguous and no name can be a prefix of another's members. Each set
// also has one meta record (another column family, keyed by the name) holding its generation and
// member count; its stored expiry is the whole set's. A set that expired as a whole starts again
// in the next generation: the old members become invisible at once, and the sweep deletes them
// later as one range, as it does for lists.
struct SetMeta {
  uint64_t generation = 1;
  // Members of this generation. A set whose count falls to 0 is absent, as in Redis: its meta is
  // deleted, unless older generations still wait for the sweep.
  uint64_t count = 0;
  // Members of generations below this one still sit on disk until the sweep deletes them.
  bool purge_below_generation = false;
};

// The bytes every member key of this generation of the set starts with.
std::string set_member_prefix(std::string_view set, uint64_t generation);
std::string set_member_key(std::string_view set, uint64_t generation, std::string_view member);

std::string encode_set_meta(const SetMeta& meta);
std::optional<SetMeta> decode_set_meta(std::string_view payload);

}  // namespace smppd::plugins::embedded
