#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/filter/credit/credit_config.h"
#include "plugins/filter/credit/grant_slices.h"
#include "plugins/filter/credit/host_services.h"
#include "plugins/filter/credit/low_balance_watch.h"
#include "plugins/filter/credit/session_reservations.h"
#include "plugins/filter/credit/state_keys.h"

namespace smppd::plugins::credit {

// What the plugin read off a submit_sm or data_sm (plugin.cc fills it from the call).
struct Charge {
  // Views the caller keeps valid while on_request runs (the call's, or the session's).
  std::string_view account;      // empty: no account could be named
  std::string_view destination;  // destination_addr
  SessionSlice* session_slice = nullptr;  // grant mode: the calling session's, if it keeps one
  uint32_t parts = 1;
  int64_t now_ns = 0;  // the call's time on the monotonic clock (cxx::Call::now_ns)
  // The price attribute of a pricing plugin: absent, an integer, or there but unusable (the
  // wrong type).
  enum class PriceAttribute { absent, present, unusable } price_attribute = PriceAttribute::absent;
  int64_t attribute_price = 0;
};

// What on_request answers. charged: proceed now, `cost` charged from this node's grant of the
// charge's account; the caller keeps both on the call, and on_grant_complete settles them. No
// reservation is kept for it: on_complete comes once per call, and the call carries what a refund
// needs.
struct Decision {
  enum class Kind { proceed, stop, pause, charged } kind = Kind::proceed;
  uint32_t command_status = 0;
  int64_t cost = 0;

  static Decision proceed() { return {}; }
  static Decision stop(uint32_t status) { return {Kind::stop, status, 0}; }
  static Decision pause() { return {Kind::pause, 0, 0}; }
  static Decision charged(int64_t cost) { return {Kind::charged, 0, cost}; }
};

class GrantBook;

// The credit logic of one config: prices a submit, reserves its cost in the state store before it
// goes on, and commits or refunds the reservation once the resp is known.
//
// Reserve: one atomic batch [INCREMENT balance by -cost, floor 0; SET <prefix>resv/<id> = cost
//   with the reservation TTL]; a balance below the cost answers WOULD_CROSS and changes nothing.
// Commit (on_complete with ESME_ROK): DELETE the reservation.
// Refund (an error resp, no resp, the call cancelled): one atomic batch [COMPARE_AND_SET the
//   reservation cost -> "refunded"; INCREMENT balance by +cost]. A reservation committed (gone) or
//   refunded already stops the batch, so a refund never happens twice or after a commit; that
//   makes a refund safe to retry, which the ledger does when the store fails it.
// A message is reserved once per call: smppd's own retries and failover happen after the filter
// chain, and on_complete comes once per call.
//
// With `grant` > 0 the GrantBook charges instead: from a block of the balance this process took,
// in memory (grant_book.h). Its reservations are ids "g:<n>"; the rest is the same.
class Ledger : public std::enable_shared_from_this<Ledger> {
 public:
  static std::shared_ptr<Ledger> create(CreditConfig config, std::shared_ptr<HostServices> services);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  const CreditConfig& config() const noexcept { return config_; }
  const StateKeys& keys() const noexcept { return keys_; }
  HostServices& services() const noexcept { return *services_; }
  LowBalanceWatch& low_balance() noexcept { return low_balance_; }
  // Null unless `grant` > 0.
  GrantBook* grants() const noexcept { return grants_.get(); }

  // The config object goes (a reload, smppd stopping): grants go back to the balances.
  void close();

  // The session's worker. PAUSE means the reservation's batch is in flight: the call is resumed
  // from its answer.
  Decision on_request(const Charge& charge, uint64_t token, const std::shared_ptr<SessionReservations>& session);
  // The session's worker: the paused call `token` ended before its resume.
  void on_cancel(uint64_t token, const std::shared_ptr<SessionReservations>& session);
  // The session's worker: the call's resp is known (`command_status`), or the session closed
  // first (nullopt). `reservation_id` is what the resume set on the call.
  void on_complete(std::string_view reservation_id, std::optional<uint32_t> command_status,
                   const std::shared_ptr<SessionReservations>& session);
  // The session's worker: the same for a call Decision::charged charged from a grant.
  void on_grant_complete(std::string_view account, int64_t cost, std::optional<uint32_t> command_status);

  // The price per part of this charge, or the status to refuse it with.
  struct Price {
    std::optional<int64_t> per_part;
    uint32_t refusal = 0;
  };
  Price price_of(const Charge& charge) const;

  // What on_store_unavailable makes of a submit while the store cannot be reached (counted).
  Decision store_unavailable(std::string_view why) const;
  void resume_store_unavailable(uint64_t token, std::string_view why) const;

 private:
  Ledger(CreditConfig config, std::shared_ptr<HostServices> services);

  void reserved(const Reservation& reservation, const cxx::state::BatchResult& answer,
                const std::shared_ptr<SessionReservations>& session);
  void commit(const Reservation& reservation);
  void refund(Reservation reservation, std::string_view why, int attempt = 0);
  // A reservation no resp keeps: refunded in the store, or into its grant.
  void give_back(Reservation reservation, std::string_view why);
  // Why a call's charge is not kept: its resp was an error (`command_status`), or none came.
  static std::string why_not_kept(std::optional<uint32_t> command_status);

  CreditConfig config_;
  std::shared_ptr<HostServices> services_;
  StateKeys keys_;
  LowBalanceWatch low_balance_;
  std::unique_ptr<GrantBook> grants_;
};

// A reservation id unique across the nodes sharing a store: a random 64-bit value drawn once per
// process, and a counter.
std::string next_reservation_id();
// That random value as 16 hex digits: this process's name in the store's grant keys.
std::string node_nonce();

}  // namespace smppd::plugins::credit
