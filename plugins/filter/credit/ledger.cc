#include "plugins/filter/credit/ledger.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <utility>
#include <vector>

#include "plugins/filter/credit/grant_book.h"

namespace smppd::plugins::credit {

namespace state = cxx::state;

namespace {

// ESME_RSYSERR, ESME_RINVDSTADR, ESME_RINVCMDID (SMPP v3.4 Table 5-2).
constexpr uint32_t kSystemError = 0x08;
constexpr uint32_t kInvalidDestination = 0x0B;

// When the store fails a refund: tried again after each delay, then given up on (logged at error
// for a correction by hand).
constexpr std::array<std::chrono::seconds, 6> kRefundRetryDelays = {
    std::chrono::seconds(1), std::chrono::seconds(2),  std::chrono::seconds(4),
    std::chrono::seconds(8), std::chrono::seconds(16), std::chrono::seconds(30)};

uint64_t process_nonce() {
  // Drawn on first use (never at load): the node-unique half of every reservation id.
  static const uint64_t nonce = [] {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ static_cast<uint64_t>(device());
  }();
  return nonce;
}

std::string describe(const Reservation& reservation) {
  return "reservation " + reservation.id + " (" + std::to_string(reservation.cost) + " of account " +
         reservation.account + ")";
}

}  // namespace

std::string next_reservation_id() {
  static std::atomic<uint64_t> counter{0};
  char id[48];
  std::snprintf(id, sizeof id, "%016llx-%llx", static_cast<unsigned long long>(process_nonce()),
                static_cast<unsigned long long>(counter.fetch_add(1, std::memory_order_relaxed) + 1));
  return id;
}

std::string node_nonce() {
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(process_nonce()));
  return text;
}

std::shared_ptr<Ledger> Ledger::create(CreditConfig config, std::shared_ptr<HostServices> services) {
  auto ledger = std::shared_ptr<Ledger>(new Ledger(std::move(config), std::move(services)));
  if (ledger->grants_) ledger->grants_->start(ledger);
  return ledger;
}

Ledger::Ledger(CreditConfig config, std::shared_ptr<HostServices> services)
    : config_(std::move(config)), services_(std::move(services)), keys_(config_.key_prefix), low_balance_(config_, services_) {
  if (config_.grant > 0) grants_ = std::make_unique<GrantBook>(*this);
}

Ledger::~Ledger() = default;

void Ledger::close() {
  if (grants_) grants_->close();
}

Ledger::Price Ledger::price_of(const Charge& charge) const {
  switch (charge.price_attribute) {
    case Charge::PriceAttribute::present:
      if (charge.attribute_price < 0 || charge.attribute_price > kMaxAmount) return {std::nullopt, kSystemError};
      return {charge.attribute_price, 0};
    case Charge::PriceAttribute::unusable:
      return {std::nullopt, kSystemError};
    case Charge::PriceAttribute::absent:
      break;
  }
  if (const auto price = config_.prices.lookup(charge.destination)) return {*price, 0};
  if (config_.default_price) return {*config_.default_price, 0};
  return {std::nullopt, kInvalidDestination};
}

Decision Ledger::store_unavailable(std::string_view why) const {
  if (config_.on_store_unavailable == StoreUnavailablePolicy::allow) {
    services_->count(Stat::store_unavailable_allowed);
    if (services_->log_enabled(Severity::debug)) {
      services_->log(Severity::debug, "state store unavailable (" + std::string(why) + "): a message goes on uncharged");
    }
    return Decision::proceed();
  }
  services_->count(Stat::store_unavailable_denied);
  if (services_->log_enabled(Severity::debug)) {
    services_->log(Severity::debug, "state store unavailable (" + std::string(why) + "): a message is refused");
  }
  return Decision::stop(config_.unavailable_status);
}

void Ledger::resume_store_unavailable(uint64_t token, std::string_view why) const {
  const Decision decision = store_unavailable(why);
  if (decision.kind == Decision::Kind::proceed) {
    (void)services_->resume_continue(token);
  } else {
    (void)services_->resume_stop(token, decision.command_status);
  }
}

Decision Ledger::on_request(const Charge& charge, uint64_t token, const std::shared_ptr<SessionReservations>& session) {
  if (charge.account.empty()) {
    services_->count(Stat::refused_no_account);
    services_->log(Severity::warn, config_.account_attribute.empty()
                                       ? std::string("a submit of a session without a system_id: refused with ESME_RSYSERR")
                                       : "a submit without the account attribute " + config_.account_attribute +
                                             ": refused with ESME_RSYSERR");
    return Decision::stop(kSystemError);
  }
  const Price price = price_of(charge);
  if (!price.per_part) {
    if (price.refusal == kInvalidDestination) {
      services_->count(Stat::refused_no_price);
      if (services_->log_enabled(Severity::debug)) {
        services_->log(Severity::debug, "no price for destination " + std::string(charge.destination) + ": refused");
      }
    } else {
      services_->count(Stat::refused_bad_price);
      services_->log(Severity::warn, "the price attribute " + config_.price_attribute +
                                         " is not an integer from 0 to 10^15: the submit is refused");
    }
    return Decision::stop(price.refusal);
  }
  int64_t cost = 0;
  if (__builtin_mul_overflow(*price.per_part, static_cast<int64_t>(charge.parts), &cost) || cost > kMaxAmount) {
    services_->count(Stat::refused_insufficient);
    return Decision::stop(config_.insufficient_status);
  }
  if (cost == 0) {
    services_->count(Stat::free_messages);
    return Decision::proceed();
  }
  if (grants_ && !grants_->closed()) {
    return grants_->on_request(charge.account, cost, charge.now_ns, token, charge.session_slice, session);
  }
  if (!services_->store_available()) return store_unavailable("not reachable");

  Reservation reservation{next_reservation_id(), std::string(charge.account), cost, token};
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Increment{keys_.balance(charge.account), -cost, 0});
  ops.emplace_back(state::op::Set{keys_.reservation(reservation.id), std::to_string(cost),
                                  std::chrono::duration_cast<state::Ttl>(config_.reservation_ttl)});
  session->begin(reservation);
  auto self = shared_from_this();
  const bool started = services_->execute(
      std::move(ops), [self, reservation, session](state::BatchResult answer) { self->reserved(reservation, answer, session); });
  if (!started) {
    session->forget(token);
    return store_unavailable("the store took no batch");
  }
  return Decision::pause();
}

void Ledger::reserved(const Reservation& reservation, const state::BatchResult& answer,
                      const std::shared_ptr<SessionReservations>& session) {
  if (answer.status.code == state::StateCode::would_cross) {
    session->forget(reservation.token);
    services_->count(Stat::refused_insufficient);
    const int64_t balance = answer.results.empty() ? 0 : answer.results.front().number;
    low_balance_.observe(reservation.account, balance);
    if (services_->log_enabled(Severity::debug)) {
      services_->log(Severity::debug, "account " + reservation.account + " has " + std::to_string(balance) +
                                          ", a message costs " + std::to_string(reservation.cost) + ": refused");
    }
    (void)services_->resume_stop(reservation.token, config_.insufficient_status);
    return;
  }
  if (!answer.status.ok()) {
    session->forget(reservation.token);
    resume_store_unavailable(reservation.token, answer.status.to_string());
    return;
  }

  services_->count(Stat::reserved);
  const int64_t balance = answer.results.empty() ? 0 : answer.results.front().number;
  low_balance_.after_reservation(reservation.account, balance, reservation.cost);
  if (session->reserved(reservation.token) == SessionReservations::Reserved::refund) {
    services_->count(Stat::cancelled_while_reserving);
    refund(reservation, "the call ended while its reservation was made");
    return;
  }
  if (services_->resume_charged(reservation.token, reservation.id, reservation.cost)) return;
  // The call is gone: its on_cancel runs or ran; whichever of the two comes second refunds.
  if (auto gone = session->resume_failed(reservation.token)) {
    services_->count(Stat::cancelled_while_reserving);
    refund(std::move(*gone), "the call ended before it could go on");
  }
}

void Ledger::on_cancel(uint64_t token, const std::shared_ptr<SessionReservations>& session) {
  if (grants_ && grants_->drop_waiter(token)) {
    // It waited for a grant: nothing was taken for it.
    session->forget(token);
    services_->count(Stat::cancelled_while_reserving);
    return;
  }
  if (auto reservation = session->cancel(token)) {
    services_->count(Stat::cancelled_while_reserving);
    give_back(std::move(*reservation), "the call ended before it could go on");
  }
}

void Ledger::on_complete(std::string_view reservation_id, std::optional<uint32_t> command_status,
                         const std::shared_ptr<SessionReservations>& session) {
  std::optional<Reservation> reservation = session->complete(reservation_id);
  if (!reservation) return;
  if (is_grant_reservation(reservation->id)) {
    on_grant_complete(reservation->account, reservation->cost, command_status);
  } else if (command_status && *command_status == 0) {
    commit(*reservation);
  } else {
    refund(std::move(*reservation), why_not_kept(command_status));
  }
}

void Ledger::on_grant_complete(std::string_view account, int64_t cost, std::optional<uint32_t> command_status) {
  if (command_status && *command_status == 0) {
    services_->count(Stat::committed);  // the spend stands; the next flush writes it
    return;
  }
  if (grants_) grants_->refund(std::string(account), cost, why_not_kept(command_status));
}

std::string Ledger::why_not_kept(std::optional<uint32_t> command_status) {
  return command_status ? "the resp was an error (command_status " + std::to_string(*command_status) + ")"
                        : std::string("the session closed before the resp");
}

void Ledger::give_back(Reservation reservation, std::string_view why) {
  if (grants_ && is_grant_reservation(reservation.id)) {
    grants_->refund(reservation.account, reservation.cost, why);
  } else {
    refund(std::move(reservation), why);
  }
}

void Ledger::commit(const Reservation& reservation) {
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Delete{keys_.reservation(reservation.id)});
  auto services = services_;
  const bool started = services->execute(std::move(ops), [services, reservation](state::BatchResult answer) {
    if (!answer.status.ok()) {
      services->count(Stat::commit_failures);
      services->log(Severity::warn, "commit of " + describe(reservation) + " failed (" + answer.status.to_string() +
                                        "): it stays charged and expires");
      return;
    }
    services->count(Stat::committed);
    if (!answer.results.empty() && answer.results.front().status.code == state::StateCode::not_found) {
      services->log(Severity::warn, describe(reservation) +
                                        " had expired before its commit: it stays charged (raise reservation_ttl_s)");
    }
  });
  if (!started) {
    services_->count(Stat::commit_failures);
    services_->log(Severity::warn, "commit of " + describe(reservation) + " could not start: it stays charged and expires");
  }
}

void Ledger::refund(Reservation reservation, std::string_view why, int attempt) {
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::CompareAndSet{keys_.reservation(reservation.id), std::to_string(reservation.cost),
                                            std::string(kRefunded),
                                            std::chrono::duration_cast<state::Ttl>(config_.reservation_ttl)});
  ops.emplace_back(state::op::Increment{keys_.balance(reservation.account), reservation.cost});
  auto self = shared_from_this();
  std::string reason(why);
  auto retry_or_give_up = [self, reservation, reason, attempt](const std::string& failure) {
    HostServices& services = *self->services_;
    if (attempt < static_cast<int>(kRefundRetryDelays.size())) {
      services.count(Stat::refund_retries);
      const auto delay = kRefundRetryDelays[static_cast<size_t>(attempt)];
      services.log(Severity::warn, "refund of " + describe(reservation) + " failed (" + failure + "); trying again in " +
                                       std::to_string(delay.count()) + " s");
      if (services.schedule(delay, [self, reservation, reason, attempt] { self->refund(reservation, reason, attempt + 1); })) {
        return;
      }
    }
    services.count(Stat::refund_failures);
    services.log(Severity::error, "refund of " + describe(reservation) + " given up (" + failure + "; " + reason +
                                      "): the account is still charged; correct it with POST /plugins/credit/topup");
  };
  const bool started = services_->execute(std::move(ops), [self, reservation, reason, retry_or_give_up](state::BatchResult answer) {
    HostServices& services = *self->services_;
    if (answer.status.code == state::StateCode::mismatch) {
      services.count(Stat::refund_skipped);
      services.log(Severity::info, describe(reservation) + " was settled already: not refunded again");
      return;
    }
    if (!answer.status.ok()) {
      retry_or_give_up(answer.status.to_string());
      return;
    }
    services.count(Stat::refunded);
    const int64_t balance = answer.results.size() > 1 ? answer.results[1].number : 0;
    self->low_balance_.observe(reservation.account, balance);
    if (services.log_enabled(Severity::debug)) {
      services.log(Severity::debug, "refunded " + describe(reservation) + ": " + reason);
    }
  });
  if (!started) retry_or_give_up("the store took no batch");
}

}  // namespace smppd::plugins::credit
