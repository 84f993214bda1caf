#include "plugins/state/redis/key_layout.h"

namespace smppd::plugins::redis {

std::optional<std::string_view> KeyLayout::channel_name(std::string_view redis_channel) const {
  const std::string head = prefix_ + "c:";
  if (redis_channel.substr(0, head.size()) != head) return std::nullopt;
  return redis_channel.substr(head.size());
}

std::string KeyLayout::join(std::string_view space, std::string_view name, std::string_view suffix) const {
  std::string key;
  key.reserve(prefix_.size() + space.size() + name.size() + suffix.size());
  key.append(prefix_).append(space).append(name).append(suffix);
  return key;
}

}  // namespace smppd::plugins::redis
