#include "plugins/filter/credit/session_reservations.h"

#include <utility>

namespace smppd::plugins::credit {

void SessionReservations::begin(Reservation reservation) {
  std::lock_guard lock(mutex_);
  const uint64_t token = reservation.token;
  by_token_[token] = Entry{std::move(reservation), State::reserving};
}

void SessionReservations::forget(uint64_t token) {
  std::lock_guard lock(mutex_);
  by_token_.erase(token);
}

void SessionReservations::hold(Reservation reservation) {
  std::lock_guard lock(mutex_);
  const uint64_t token = reservation.token;
  token_of_[reservation.id] = token;
  by_token_[token] = Entry{std::move(reservation), State::reserved};
}

SessionReservations::Reserved SessionReservations::reserved(uint64_t token) {
  std::lock_guard lock(mutex_);
  const auto found = by_token_.find(token);
  if (found == by_token_.end()) return Reserved::refund;  // never begun: nothing owes it a commit
  if (found->second.state == State::cancelled) {
    by_token_.erase(found);
    return Reserved::refund;
  }
  found->second.state = State::reserved;
  token_of_[found->second.reservation.id] = token;
  return Reserved::keep;
}

std::optional<Reservation> SessionReservations::resume_failed(uint64_t token) {
  std::lock_guard lock(mutex_);
  const auto found = by_token_.find(token);
  if (found == by_token_.end() || found->second.state != State::reserved) return std::nullopt;
  Reservation reservation = std::move(found->second.reservation);
  token_of_.erase(reservation.id);
  by_token_.erase(found);
  return reservation;
}

std::optional<Reservation> SessionReservations::cancel(uint64_t token) {
  std::lock_guard lock(mutex_);
  const auto found = by_token_.find(token);
  if (found == by_token_.end()) return std::nullopt;
  if (found->second.state == State::reserving) {
    found->second.state = State::cancelled;
    return std::nullopt;
  }
  if (found->second.state != State::reserved) return std::nullopt;
  Reservation reservation = std::move(found->second.reservation);
  token_of_.erase(reservation.id);
  by_token_.erase(found);
  return reservation;
}

std::optional<Reservation> SessionReservations::complete(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto known = token_of_.find(id);
  if (known == token_of_.end()) return std::nullopt;
  const auto found = by_token_.find(known->second);
  token_of_.erase(known);
  if (found == by_token_.end()) return std::nullopt;
  Reservation reservation = std::move(found->second.reservation);
  by_token_.erase(found);
  return reservation;
}

size_t SessionReservations::open() const {
  std::lock_guard lock(mutex_);
  return by_token_.size();
}

}  // namespace smppd::plugins::credit
