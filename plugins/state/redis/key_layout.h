#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::redis {

// Where the store's data sit in Redis. Each kind of name has its own namespace under the prefix,
// so a key, a list, a set and a channel of one name never meet:
//   <prefix>k:<key>          a value (string), a counter (decimal text) or a GCRA limit (TAT, µs)
//   <prefix>l:<list>:seq     the list's last item id (INCR)
//   <prefix>l:<list>:items   HASH item id -> "<expiry ms, 0: none>:<value>"
//   <prefix>l:<list>:ids     ZSET of the item ids, score = id (order and ranges)
//   <prefix>s:<set>          SET
//   <prefix>c:<channel>      a pub/sub channel
// The three list keys cannot meet another list's: each ends in its own suffix after a ':'.
class KeyLayout {
 public:
  explicit KeyLayout(std::string prefix) : prefix_(std::move(prefix)) {}

  std::string value_key(std::string_view key) const { return join("k:", key, {}); }
  std::string list_sequence(std::string_view list) const { return join("l:", list, ":seq"); }
  std::string list_items(std::string_view list) const { return join("l:", list, ":items"); }
  std::string list_ids(std::string_view list) const { return join("l:", list, ":ids"); }
  std::string set_key(std::string_view set) const { return join("s:", set, {}); }
  std::string channel(std::string_view name) const { return join("c:", name, {}); }
  // The store's channel name of a Redis channel, or nothing when it is not one of ours.
  std::optional<std::string_view> channel_name(std::string_view redis_channel) const;

  const std::string& prefix() const { return prefix_; }

 private:
  std::string join(std::string_view space, std::string_view name, std::string_view suffix) const;

  std::string prefix_;
};

}  // namespace smppd::plugins::redis
