#include "plugins/filter/auth_static/session_bind_state.h"

#include <utility>

namespace smppd::plugins::auth_static {

bool SessionBindState::begin(uint64_t token, bool host_reports_unbound) {
  std::lock_guard lock(mutex_);
  if (phase_ == Phase::bound && host_reports_unbound) {
    phase_ = Phase::idle;
    slot_.reset();
  }
  if (phase_ != Phase::idle) return false;
  phase_ = Phase::checking;
  token_ = token;
  return true;
}

bool SessionBindState::wanted(uint64_t token) const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::checking && token_ == token;
}

bool SessionBindState::accept(uint64_t token, cxx::BindSlot slot) {
  std::lock_guard lock(mutex_);
  if (phase_ != Phase::checking || token_ != token) return false;  // `slot` is released on return
  phase_ = Phase::bound;
  slot_.emplace(std::move(slot));
  return true;
}

bool SessionBindState::refuse(uint64_t token) {
  std::lock_guard lock(mutex_);
  if (phase_ != Phase::checking || token_ != token) return false;
  phase_ = Phase::idle;
  return true;
}

void SessionBindState::cancel(uint64_t token) {
  std::lock_guard lock(mutex_);
  if ((phase_ != Phase::checking && phase_ != Phase::bound) || token_ != token) return;
  phase_ = Phase::idle;
  slot_.reset();
}

void SessionBindState::close() {
  std::lock_guard lock(mutex_);
  phase_ = Phase::closed;
  slot_.reset();
}

bool SessionBindState::bound() const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::bound;
}

}  // namespace smppd::plugins::auth_static
