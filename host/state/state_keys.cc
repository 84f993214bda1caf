#include "host/state/state_keys.h"

namespace smppd::state::keys {

std::string id_map(std::string_view message_id) {
  std::string key(kIdMapPrefix);
  key.append(message_id);
  return key;
}

std::string reverse_id(std::string_view cluster, std::string_view upstream_message_id) {
  std::string key(kReversePrefix);
  key.append(cluster);
  key.push_back('/');
  key.append(upstream_message_id);
  return key;
}

std::string outbox(std::string_view system_id, std::string_view kind) {
  std::string key(kOutboxPrefix);
  key.append(system_id);
  key.push_back('/');
  key.append(kind);
  return key;
}

}  // namespace smppd::state::keys
