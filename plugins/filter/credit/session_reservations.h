#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::credit {

// One message's reservation, from the batch that makes it to its commit or refund.
struct Reservation {
  std::string id;
  std::string account;
  int64_t cost = 0;
  uint64_t token = 0;  // the paused request's
};

// The reservations of one session, shared with the state store's callbacks (they may outlive the
// session). Each moves reserving -> reserved -> settled, or reserving -> cancelled -> settled, and
// exactly one of the session's hooks or callbacks takes it to settled: that one commits or refunds
// it. Thread-safe: the worker's hooks and the store's callbacks meet here.
class SessionReservations {
 public:
  // on_request: the batch making it is about to start.
  void begin(Reservation reservation);
  // The batch did not start, or did not reserve: forgotten, nothing to settle.
  void forget(uint64_t token);
  // A reservation made at once (from a grant, without a pause): reserved, owed a settlement.
  void hold(Reservation reservation);

  enum class Reserved { keep, refund };
  // The batch reserved it. keep: resume the call (it is reserved, owed a commit or refund by
  // on_complete); refund: the call was cancelled meanwhile, the caller refunds it now.
  Reserved reserved(uint64_t token);
  // The resume of a reserved call found it gone: the reservation to refund, unless on_cancel
  // took it first.
  std::optional<Reservation> resume_failed(uint64_t token);
  // on_cancel: a reservation still being made is marked (its batch's answer refunds it); one
  // already reserved is returned for the caller to refund.
  std::optional<Reservation> cancel(uint64_t token);
  // on_complete: the reserved reservation `id`, taken to settle (commit or refund); nullopt when
  // there is none (already settled, or never reserved).
  std::optional<Reservation> complete(std::string_view id);

  size_t open() const;

 private:
  enum class State { reserving, reserved, cancelled };
  struct Entry {
    Reservation reservation;
    State state = State::reserving;
  };
  mutable std::mutex mutex_;
  std::map<uint64_t, Entry> by_token_;
  std::map<std::string, uint64_t, std::less<>> token_of_;  // reserved ones, by id
};

}  // namespace smppd::plugins::credit
