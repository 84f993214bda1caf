#include "host/receipts/client_registry.h"

#include <algorithm>

namespace smppd::receipts {

void ClientRegistry::add(const std::string& system_id, Receiver receiver) {
  {
    std::lock_guard lock(mutex_);
    clients_[system_id].receivers.push_back(std::move(receiver));
  }
  if (bound_listener_) bound_listener_(system_id);
}

void ClientRegistry::remove(const std::string& system_id, uint64_t session_id) {
  std::lock_guard lock(mutex_);
  auto it = clients_.find(system_id);
  if (it == clients_.end()) return;
  std::erase_if(it->second.receivers, [&](const Receiver& r) { return r.session_id == session_id; });
  if (it->second.receivers.empty()) clients_.erase(it);
}

std::optional<Receiver> ClientRegistry::pick(const std::string& system_id, uint64_t exclude) {
  std::lock_guard lock(mutex_);
  auto it = clients_.find(system_id);
  if (it == clients_.end()) return std::nullopt;
  Client& client = it->second;
  for (size_t tried = 0; tried < client.receivers.size(); ++tried) {
    const Receiver& candidate = client.receivers[client.cursor++ % client.receivers.size()];
    if (candidate.session_id != exclude && !candidate.session.expired()) return candidate;
  }
  return std::nullopt;
}

size_t ClientRegistry::count(const std::string& system_id) const {
  std::lock_guard lock(mutex_);
  auto it = clients_.find(system_id);
  return it == clients_.end() ? 0 : it->second.receivers.size();
}

std::vector<std::string> ClientRegistry::clients() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  names.reserve(clients_.size());
  for (const auto& [system_id, client] : clients_) names.push_back(system_id);
  return names;
}

size_t ClientRegistry::receiver_count() const {
  std::lock_guard lock(mutex_);
  size_t total = 0;
  for (const auto& [system_id, client] : clients_) total += client.receivers.size();
  return total;
}

}  // namespace smppd::receipts
