#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "smppd/cxx/bind_counter.hpp"

namespace smppd::plugins::auth_static {

// One session's bind, shared between the session (its worker) and the password check running
// for it on the blocking pool, so the check never touches the session object itself: a check
// that outlives its session finds this closed and drops its result.
class SessionBindState {
 public:
  // Worker: a check for `token` starts. False when one is already running, the session ended,
  // or it is bound and the host agrees. A bind this state holds but the host reports unbound
  // (a later filter or the host refused it after this filter accepted) is released first.
  bool begin(uint64_t token, bool host_reports_unbound);
  // Pool: true while the check for `token` is still wanted.
  bool wanted(uint64_t token) const;
  // Pool: the bind is accepted and keeps `slot` until the session ends. False (and the slot is
  // released) when the check is no longer wanted.
  bool accept(uint64_t token, cxx::BindSlot slot);
  // Pool: the check for `token` ended in a refusal. False when it was no longer wanted.
  bool refuse(uint64_t token);
  // Worker or pool: the call behind `token` is gone (on_cancel, or a resume the host refused):
  // forget the check or release its slot.
  void cancel(uint64_t token);
  // Worker, at session_free: release everything; later checks are dropped.
  void close();

  bool bound() const;

 private:
  enum class Phase { idle, checking, bound, closed };

  mutable std::mutex mutex_;
  Phase phase_ = Phase::idle;
  uint64_t token_ = 0;
  std::optional<cxx::BindSlot> slot_;
};

}  // namespace smppd::plugins::auth_static
