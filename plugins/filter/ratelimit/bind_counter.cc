#include "plugins/filter/ratelimit/bind_counter.h"

#include <utility>

namespace smppd::plugins::ratelimit {

std::shared_ptr<ClientBindCounter> ClientBindCounter::process_wide() {
  static const std::shared_ptr<ClientBindCounter> counter = std::make_shared<ClientBindCounter>();
  return counter;
}

std::optional<BindSlot> ClientBindCounter::try_acquire(std::string_view client, uint32_t max_binds) {
  std::lock_guard lock(mutex_);
  auto it = held_.find(client);
  if (it == held_.end()) {
    if (max_binds == 0) return std::nullopt;
    held_.emplace(std::string(client), 1);
  } else {
    if (it->second >= max_binds) return std::nullopt;
    ++it->second;
  }
  return BindSlot(shared_from_this(), std::string(client));
}

uint32_t ClientBindCounter::held(std::string_view client) const {
  std::lock_guard lock(mutex_);
  auto it = held_.find(client);
  return it == held_.end() ? 0 : it->second;
}

void ClientBindCounter::release(const std::string& client) noexcept {
  std::lock_guard lock(mutex_);
  auto it = held_.find(client);
  if (it == held_.end()) return;
  if (--it->second == 0) held_.erase(it);
}

BindSlot& BindSlot::operator=(BindSlot&& other) noexcept {
  if (this != &other) {
    if (owner_) owner_->release(client_);
    owner_ = std::move(other.owner_);
    client_ = std::move(other.client_);
  }
  return *this;
}

BindSlot::~BindSlot() {
  if (owner_) owner_->release(client_);
}

}  // namespace smppd::plugins::ratelimit
