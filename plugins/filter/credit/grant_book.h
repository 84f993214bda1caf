#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "plugins/filter/credit/grant_slices.h"
#include "plugins/filter/credit/session_reservations.h"
#include "smppd/cxx/state.hpp"

namespace smppd::plugins::credit {

class Ledger;
struct Decision;

// Grant mode (`grant` > 0), the Diameter Gy idea: this process takes a block of an account's
// balance from the store and spends it in memory, so a typical submit touches no store and does
// not pause. Per account it keeps what is granted and not spent (`available`), what was spent
// and not yet written to the store, and the submits waiting for a grant, in order.
//
// Store keys (state_keys.h; <node> is this process's nonce):
//   take       [INCREMENT balance by -Q floor 0, INCREMENT grant/<a>/<node> by +Q,
//               SETADD grants "<node>/<a>", SET lease/<node> TTL 30 s], Q = max(grant, what waits)
//   flush      every grant_flush_ms: [INCREMENT grant by -spent floor 0, SETADD member, SET lease]
//   give back  unused for grant_idle_s, or close(): [INCREMENT grant by -(available + spent)
//              floor 0, INCREMENT balance by +available]; a grant left at 0 is then removed
//              (COMPARE_AND_SET it "0" -> "0", SETREMOVE member, DELETE), which stops when
//              another of this process's ledgers took more meanwhile
//   recover    every 10 s (janitor): a member whose node has no lease is a dead node's grant:
//              [INCREMENT grant by -v floor 0, INCREMENT balance by +v, SETREMOVE member], so a
//              second janitor's identical batch stops with WOULD_CROSS
// A dead node's spends since its last flush go back to the balance with its unspent grant: they
// are never charged (at most grant_flush_ms of its traffic).
//
// A node uses its grants only while its lease was confirmed in the last 20 s, so a node cut off
// from the store stops spending before a janitor may give its grant back (at 30 s). After such a
// lapse each account gives everything back (which tells whether a janitor had) before it takes
// again. A grant found given back already (WOULD_CROSS on the grant key) is dropped and its spends
// are charged to the balance itself.
//
// Thread-safe: workers call on_request and the settlements, the host's timer thread the rest.
// Each account has at most one take, flush or give-back in flight, so its grant key moves only by
// what this book believes.
//
// Slices: the book's lock and an account's counts were lines every worker wrote for every
// submit. A worker charged under the lock moves a quarter of what the account has left into a
// slice of its own (one of kSlices, by thread), and charges the next submits from it with a
// compare and swap, without the lock. What a slice was given and has left tells what was spent
// from it: the lock's holder drains it (what is left goes back, the difference counts as spent)
// before a tick flushes or gives back, before a worker finds the account short, and when a grant
// comes. A slice is refilled only while nobody waits, so a waiter is never passed by a slice.
class GrantBook {
 public:
  explicit GrantBook(Ledger& ledger);
  ~GrantBook();
  GrantBook(const GrantBook&) = delete;
  GrantBook& operator=(const GrantBook&) = delete;

  // `owner` owns this book: async work keeps it alive (or, for the timers, looks it up weakly).
  // Arms the janitor and runs it once. (The flush timer runs while grants are held.)
  void start(const std::shared_ptr<Ledger>& owner);

  // A priced submit: charged from the grant at once (Decision::charged), or paused until a grant
  // comes (Decision::pause), or what the store-unavailable policy says. `now_ns`: the call's time.
  // `kept`: the calling session's slice, if it keeps one.
  Decision on_request(std::string_view account, int64_t cost, int64_t now_ns, uint64_t token, SessionSlice* kept,
                      const std::shared_ptr<SessionReservations>& session);
  // on_cancel: true when `token` waited for a grant; it is dropped, nothing was taken for it.
  bool drop_waiter(uint64_t token);
  // A charge the resp does not keep goes back to the account's grant (once: on_complete comes once
  // per call).
  void refund(const std::string& account, int64_t cost, std::string_view why);

  // The config object goes: every account's grant goes back to its balance now (retried while the
  // store answers failures; left to the janitors when it takes no batch, as when smppd stops).
  // Submits after it are charged one by one in the store.
  void close();
  bool closed() const;

  // This ledger's unspent grant of `account` (outside the store's balance).
  int64_t available(std::string_view account) const;

 private:
  struct Waiter {
    Reservation reservation;
    std::shared_ptr<SessionReservations> session;
  };
  static constexpr size_t kSlices = kGrantSlices;
  using Slice = GrantSlice;
  using Slices = GrantSlices;
  // The calling thread's place for the slices of `account`, among the few it charged lately
  // (empty when it knows none yet).
  static std::shared_ptr<Slices>& cached_slices(uint64_t book, std::string_view account);
  struct Account {
    int64_t available = 0;  // granted, not spent, not in a slice
    int64_t spent = 0;      // spent, not yet written to the grant key (negative: refunds of written spends)
    int64_t owed = 0;       // spends of a grant found given back: charged to the balance itself
    std::deque<Waiter> waiters;
    bool requesting = false;  // a take in flight
    bool writing = false;     // a flush or give-back in flight
    bool in_store = false;    // its grant key and member may exist: a give-back removes them
    bool doubtful = false;    // held across a lease lapse: give it all back before taking more
    int64_t last_use_ns = 0;
    std::shared_ptr<Slices> slices;       // made at the first refill
    std::array<int64_t, kSlices> given{};  // moved into each slice since it was last drained

    bool sliced() const {
      return std::any_of(given.begin(), given.end(), [](int64_t amount) { return amount != 0; });
    }
    bool holds() const { return available != 0 || spent != 0 || owed != 0 || in_store || sliced(); }
    bool idle_entry() const { return !holds() && waiters.empty() && !requesting && !writing && !doubtful; }
  };
  struct Take {
    std::string account;
    int64_t quantity = 0;
    bool partial = false;  // the retry with what the balance had
  };
  // A flush (spent, owed) or a give-back (available too), taken out of the account while in flight.
  struct Write {
    std::string account;
    int64_t available = 0;
    int64_t spent = 0;
    int64_t owed = 0;
    bool give_back = false;
    bool has_grant_op = false;
    bool has_balance_op = false;
  };

  std::shared_ptr<Ledger> owner() const { return owner_.lock(); }
  // The charge from the calling thread's slice of the account, without the lock; nullopt when the
  // slice does not cover it (or this thread knows no slice of the account).
  std::optional<Decision> charge_from_slice(std::string_view account, int64_t cost, int64_t now_ns, SessionSlice* kept);
  // The lock held: what slice `index` (all of them) spent goes to `spent`, what is left back.
  static void drain(Account& held, size_t index);
  static void drain_all(Account& held);
  // The lock held, after a charge of `cost` from `available`: a quarter of what is left goes
  // into the calling thread's slice when that covers a charge.
  void refill(const std::string& account, Account& held, size_t index, int64_t cost);
  std::string member(std::string_view account) const;
  int64_t quantity(const Account& held) const;
  bool lease_fresh(int64_t now_ns) const;
  // A batch that set the lease, sent at `sent_ns`, succeeded.
  void confirm_lease(int64_t sent_ns);

  bool send_take(const Take& take);
  void taken(const Take& take, const cxx::state::BatchResult& answer, int64_t sent_ns);
  // Waiters the account's grant covers, in order, charged (the lock held).
  void serve(Account& held, std::vector<Waiter>& served, int64_t now_ns);
  void resume_served(std::vector<Waiter>& served);
  // Every waiter of `account` gets the store-unavailable policy.
  void fail_waiters(const std::string& account, std::string_view why);
  void forget_waiters(const std::vector<Waiter>& waiters);  // the lock held

  void tick();
  // Arms the tick unless it is: the periodic one, or after close() the one that keeps the ledger.
  void ensure_tick();
  void arm_tick(bool keep_alive);
  void tick_fired(bool keep_alive);
  Write take_write(const std::string& account, Account& held, bool give_back);
  void start_write(Write write, int64_t now_ns);
  void written(const Write& write, const cxx::state::BatchResult& answer, int64_t sent_ns);
  // A closed book's give-back the store would not even take (smppd stopping, its store closed):
  // dropped here, with no timer left behind; the grant stays in the store for a janitor.
  void abandon(const Write& write);
  void refresh_lease(int64_t now_ns);
  void remove_if_zero(const std::string& account, const std::string& node);

  void arm_janitor();
  void sweep();
  void swept_members(const cxx::state::BatchResult& answer);
  void swept_leases(const std::vector<std::pair<std::string, std::string>>& members,
                    const std::vector<std::string>& nodes, const cxx::state::BatchResult& answer);
  void swept_grants(const std::vector<std::pair<std::string, std::string>>& dead,
                    const cxx::state::BatchResult& answer);
  void recover(const std::string& node, const std::string& account, int64_t amount, bool key_present);

  Ledger& ledger_;
  std::weak_ptr<Ledger> owner_;
  const std::string node_;
  const uint64_t id_;  // never reused: a thread's cache of slices names the book by it

  mutable std::mutex mutex_;
  std::map<std::string, Account, std::less<>> accounts_;
  std::unordered_map<uint64_t, std::string> waiting_;  // token -> account, for on_cancel
  std::atomic<bool> closed_{false};  // written under mutex_, read without it by on_request's caller
  bool tick_armed_ = false;          // the tick while grants are held (holds the ledger weakly)
  bool closing_tick_armed_ = false;  // after close(): holds the ledger until all went back
  bool janitor_armed_ = false;
  std::atomic<int64_t> lease_confirmed_ns_{0};  // when the last batch that set the lease was sent
  std::atomic<bool> sweeping_{false};
};

// Whether a reservation id is a grant's ("g:<n>").
bool is_grant_reservation(std::string_view id);

}  // namespace smppd::plugins::credit
