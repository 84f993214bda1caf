#include "tools/smpp-bench/receiver_registry.h"

namespace smppd::tools::bench {

void ReceiverRegistry::add(const std::string& system_id, const std::shared_ptr<SinkSession>& session) {
  std::lock_guard lock(mutex_);
  Receivers& receivers = by_system_id_[system_id];
  receivers.sessions.push_back(session);
  receivers.keys.push_back(session.get());
}

void ReceiverRegistry::remove(const std::string& system_id, const SinkSession* session) {
  std::lock_guard lock(mutex_);
  const auto it = by_system_id_.find(system_id);
  if (it == by_system_id_.end()) return;
  Receivers& receivers = it->second;
  for (size_t i = 0; i < receivers.keys.size(); ++i) {
    if (receivers.keys[i] != session) continue;
    receivers.keys.erase(receivers.keys.begin() + static_cast<std::ptrdiff_t>(i));
    receivers.sessions.erase(receivers.sessions.begin() + static_cast<std::ptrdiff_t>(i));
    break;
  }
  if (receivers.keys.empty()) by_system_id_.erase(it);
}

std::shared_ptr<SinkSession> ReceiverRegistry::pick(const std::string& system_id) {
  std::lock_guard lock(mutex_);
  const auto it = by_system_id_.find(system_id);
  if (it == by_system_id_.end()) return nullptr;
  Receivers& receivers = it->second;
  for (size_t tries = 0; tries < receivers.sessions.size(); ++tries) {
    const size_t i = receivers.next++ % receivers.sessions.size();
    if (auto session = receivers.sessions[i].lock()) return session;
  }
  return nullptr;
}

}  // namespace smppd::tools::bench
