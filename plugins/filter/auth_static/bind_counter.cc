#include "plugins/filter/auth_static/bind_counter.h"

#include <utility>

namespace smppd::plugins::auth_static {

std::shared_ptr<BindCounter> BindCounter::process_wide() {
  // Made on first use (never at dlopen); slots keep it alive past static destruction.
  static const std::shared_ptr<BindCounter> counter = std::make_shared<BindCounter>();
  return counter;
}

std::optional<BindSlot> BindCounter::try_acquire(const std::string& system_id, uint32_t max_binds) {
  std::lock_guard lock(mutex_);
  auto it = active_.find(system_id);
  const uint32_t held = it == active_.end() ? 0 : it->second;
  if (max_binds != 0 && held >= max_binds) return std::nullopt;
  if (it == active_.end()) {
    active_.emplace(system_id, 1);
  } else {
    ++it->second;
  }
  return BindSlot(shared_from_this(), system_id);
}

uint32_t BindCounter::active(std::string_view system_id) const {
  std::lock_guard lock(mutex_);
  auto it = active_.find(system_id);
  return it == active_.end() ? 0 : it->second;
}

void BindCounter::release(const std::string& system_id) noexcept {
  std::lock_guard lock(mutex_);
  auto it = active_.find(system_id);
  if (it == active_.end()) return;
  if (--it->second == 0) active_.erase(it);
}

BindSlot& BindSlot::operator=(BindSlot&& other) noexcept {
  if (this != &other) {
    if (owner_) owner_->release(system_id_);
    owner_ = std::move(other.owner_);
    system_id_ = std::move(other.system_id_);
  }
  return *this;
}

BindSlot::~BindSlot() {
  if (owner_) owner_->release(system_id_);
}

}  // namespace smppd::plugins::auth_static
