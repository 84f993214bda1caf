#include "plugins/filter/credit/grant_book.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <utility>

#include "plugins/filter/credit/ledger.h"

namespace smppd::plugins::credit {

namespace state = cxx::state;

namespace {

// A lease outlives a few missed flushes (grant_flush_ms is at most 10 s).
constexpr std::chrono::seconds kLeaseTtl{30};
// A node spends its grants only while its lease was confirmed this recently: well inside the
// lease, so it stops before a janitor may take them back.
constexpr std::chrono::seconds kGrantValidity{20};
constexpr std::chrono::seconds kJanitorInterval{10};
// One janitor round looks at this many members at most (a batch holds 256 operations).
constexpr uint32_t kMaxMembers = 1000;
constexpr size_t kMaxLookups = state::kMaxBatchOps;
constexpr std::string_view kGrantIdPrefix = "g:";
constexpr std::string_view kLeaseValue = "1";

std::string next_grant_id() {
  static std::atomic<uint64_t> counter{0};
  return std::string(kGrantIdPrefix) + std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

int64_t nanoseconds(std::chrono::nanoseconds span) { return span.count(); }

std::optional<int64_t> parse_amount(const std::string& text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, problem] = std::from_chars(text.data(), end, value);
  if (problem != std::errc() || stop != end) return std::nullopt;
  return value;
}

uint64_t next_book_id() {
  static std::atomic<uint64_t> ids{0};
  return ids.fetch_add(1, std::memory_order_relaxed) + 1;
}

// The calling thread's slice: threads take them in turn, so up to GrantBook's kSlices workers
// never share one.
size_t thread_slice(size_t slices) {
  static std::atomic<size_t> taken{0};
  thread_local const size_t index = taken.fetch_add(1, std::memory_order_relaxed);
  return index % slices;
}

}  // namespace

bool is_grant_reservation(std::string_view id) { return id.starts_with(kGrantIdPrefix); }

GrantBook::GrantBook(Ledger& ledger) : ledger_(ledger), node_(node_nonce()), id_(next_book_id()) {}

GrantBook::~GrantBook() = default;

std::string GrantBook::member(std::string_view account) const { return node_ + "/" + std::string(account); }

int64_t GrantBook::quantity(const Account& held) const {
  int64_t waiting = 0;
  for (const Waiter& waiter : held.waiters) waiting = std::min(kMaxAmount, waiting + waiter.reservation.cost);
  return std::max(ledger_.config().grant, waiting);
}

bool GrantBook::lease_fresh(int64_t now_ns) const {
  return now_ns - lease_confirmed_ns_.load(std::memory_order_relaxed) < nanoseconds(kGrantValidity);
}

void GrantBook::confirm_lease(int64_t sent_ns) {
  // Answers may come out of order: the lease is as fresh as the latest batch that set it.
  int64_t confirmed = lease_confirmed_ns_.load();
  while (confirmed < sent_ns && !lease_confirmed_ns_.compare_exchange_weak(confirmed, sent_ns)) {
  }
}

void GrantBook::start(const std::shared_ptr<Ledger>& owner) {
  owner_ = owner;
  {
    std::lock_guard lock(mutex_);
    janitor_armed_ = true;
  }
  arm_janitor();
  sweep();  // a node that died before this one started left its grants
}

bool GrantBook::closed() const { return closed_.load(); }

int64_t GrantBook::available(std::string_view account) const {
  std::lock_guard lock(mutex_);
  const auto found = accounts_.find(account);
  if (found == accounts_.end()) return 0;
  const Account& held = found->second;
  int64_t total = held.available;
  for (size_t i = 0; i < kSlices; ++i) {
    if (held.given[i] != 0) total += (*held.slices)[i].available.load();
  }
  return total;
}

// --- slices

std::shared_ptr<GrantBook::Slices>& GrantBook::cached_slices(uint64_t book, std::string_view account) {
  struct Cached {
    uint64_t book = 0;
    std::string account;
    std::shared_ptr<Slices> slices;
  };
  thread_local std::array<Cached, 4> cache;
  thread_local size_t next = 0;
  for (Cached& entry : cache) {
    if (entry.book == book && entry.account == account) return entry.slices;
  }
  Cached& entry = cache[next++ % cache.size()];
  entry.book = book;
  entry.account.assign(account);
  entry.slices.reset();
  return entry.slices;
}

std::optional<Decision> GrantBook::charge_from_slice(std::string_view account, int64_t cost, int64_t now_ns,
                                                     SessionSlice* kept) {
  if (!lease_fresh(now_ns)) return std::nullopt;
  Slice* found = nullptr;
  if (kept != nullptr && kept->slices && kept->book == id_ && kept->account == account) {
    found = &(*kept->slices)[kept->index];
  } else {
    const std::shared_ptr<Slices>& slices = cached_slices(id_, account);
    if (!slices) return std::nullopt;
    const size_t index = thread_slice(kSlices);
    if (kept != nullptr) *kept = SessionSlice{id_, std::string(account), slices, index};
    found = &(*slices)[index];
  }
  Slice& slice = *found;
  int64_t left = slice.available.load(std::memory_order_relaxed);
  while (left >= cost) {
    if (slice.available.compare_exchange_weak(left, left - cost, std::memory_order_acq_rel, std::memory_order_relaxed)) {
      slice.last_use_ns.store(now_ns, std::memory_order_relaxed);
      ledger_.services().count(Stat::reserved);
      return Decision::charged(cost);
    }
  }
  // Not covered: the slow path may refill the thread's slices, or make the account new ones.
  if (kept != nullptr) kept->slices.reset();
  return std::nullopt;
}

void GrantBook::drain(Account& held, size_t index) {
  if (held.given[index] == 0) return;
  Slice& slice = (*held.slices)[index];
  const int64_t left = slice.available.exchange(0);
  held.spent += held.given[index] - left;
  held.available += left;
  held.given[index] = 0;
  held.last_use_ns = std::max(held.last_use_ns, slice.last_use_ns.load(std::memory_order_relaxed));
}

void GrantBook::drain_all(Account& held) {
  for (size_t i = 0; i < kSlices; ++i) drain(held, i);
}

void GrantBook::refill(const std::string& account, Account& held, size_t index, int64_t cost) {
  const int64_t share = held.available / 4;
  if (share < cost || closed_.load()) return;
  if (!held.slices) held.slices = std::make_shared<Slices>();
  held.available -= share;
  held.given[index] = share;
  (*held.slices)[index].available.store(share, std::memory_order_release);
  cached_slices(id_, account) = held.slices;
}

// --- taking

Decision GrantBook::on_request(std::string_view charged_account, int64_t cost, int64_t now, uint64_t token,
                               SessionSlice* kept, const std::shared_ptr<SessionReservations>& session) {
  if (std::optional<Decision> charged = charge_from_slice(charged_account, cost, now, kept)) return std::move(*charged);
  HostServices& services = ledger_.services();
  const std::string account(charged_account);  // the slower paths keep it
  std::optional<Take> take;
  enum class Path { charged, queued, unreachable } path = Path::queued;
  {
    std::lock_guard lock(mutex_);
    Account& held = accounts_[account];
    const size_t mine = thread_slice(kSlices);
    drain(held, mine);
    if (held.available < cost) drain_all(held);  // before anyone waits for what a slice holds
    if (held.waiters.empty() && !held.doubtful && held.available >= cost && lease_fresh(now)) {
      held.available -= cost;
      held.spent += cost;
      held.last_use_ns = now;
      refill(account, held, mine, cost);
      path = Path::charged;
    } else if (!held.requesting && !held.writing && !services.store_available()) {
      if (held.idle_entry()) accounts_.erase(account);
      path = Path::unreachable;
    } else {
      // Begun before it can be served: the answer may come before this returns. A waiter's
      // reservation is kept in the session, as its call pauses and may be cancelled.
      Reservation reservation{next_grant_id(), account, cost, token};
      session->begin(reservation);
      held.waiters.push_back(Waiter{reservation, session});
      waiting_.emplace(token, account);
      held.last_use_ns = now;
      if (!held.requesting && !held.writing && !held.doubtful) {
        held.requesting = true;
        take = Take{account, quantity(held), false};
      }
    }
  }
  switch (path) {
    case Path::charged:
      services.count(Stat::reserved);
      return Decision::charged(cost);
    case Path::unreachable:
      return ledger_.store_unavailable("not reachable");
    case Path::queued:
      break;
  }
  if (take && !send_take(*take)) {
    // The store took no batch: this call is answered now, any other waiter resumed.
    std::vector<Waiter> waiters;
    {
      std::lock_guard lock(mutex_);
      Account& held = accounts_[account];
      held.requesting = false;
      waiters.assign(std::make_move_iterator(held.waiters.begin()), std::make_move_iterator(held.waiters.end()));
      held.waiters.clear();
      forget_waiters(waiters);
      if (held.idle_entry()) accounts_.erase(account);
    }
    std::optional<Decision> mine;
    for (const Waiter& waiter : waiters) {
      waiter.session->forget(waiter.reservation.token);
      if (waiter.reservation.token == token) {
        mine = ledger_.store_unavailable("the store took no batch");
      } else {
        ledger_.resume_store_unavailable(waiter.reservation.token, "the store took no batch");
      }
    }
    if (mine) return *mine;
  }
  return Decision::pause();
}

bool GrantBook::send_take(const Take& take) {
  const StateKeys& keys = ledger_.keys();
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Increment{keys.balance(take.account), -take.quantity, 0});
  ops.emplace_back(state::op::Increment{keys.grant(take.account, node_), take.quantity});
  ops.emplace_back(state::op::SetAdd{keys.grants(), member(take.account)});
  ops.emplace_back(state::op::Set{keys.lease(node_), std::string(kLeaseValue), kLeaseTtl});
  const int64_t sent = ledger_.services().monotonic_ns();
  return ledger_.services().execute(std::move(ops), [keep = owner(), this, take, sent](state::BatchResult answer) {
    taken(take, answer, sent);
  });
}

void GrantBook::taken(const Take& take, const state::BatchResult& answer, int64_t sent_ns) {
  HostServices& services = ledger_.services();
  const bool granted = answer.status.ok();
  const bool crossed = answer.status.code == state::StateCode::would_cross;
  const int64_t balance = answer.results.empty() ? 0 : answer.results.front().number;
  const int64_t now = services.monotonic_ns();
  if (granted) confirm_lease(sent_ns);
  std::vector<Waiter> served;
  std::vector<Waiter> refused;
  std::optional<Take> next;
  bool fail = false;
  {
    std::lock_guard lock(mutex_);
    Account& held = accounts_[take.account];
    held.requesting = false;
    drain_all(held);  // a waiter that was cancelled may have let a worker refill its slice
    if (granted) {
      held.available += take.quantity;
      held.in_store = true;
      // Doubtful: given back (the tick) before anyone is served.
      if (!held.doubtful) serve(held, served, now);
      if (!held.waiters.empty() && !held.doubtful) next = Take{take.account, quantity(held), false};
    } else if (crossed) {
      // The balance cannot give Q: serve what the grant covers, retry once with what the
      // balance has when that covers the next waiter, refuse the rest in order.
      while (!held.waiters.empty()) {
        const int64_t cost = held.waiters.front().reservation.cost;
        if (held.available >= cost && !held.doubtful) {
          held.available -= cost;
          held.spent += cost;
          held.last_use_ns = now;
          served.push_back(std::move(held.waiters.front()));
        } else if (!take.partial && !held.doubtful && balance > 0 && held.available + balance >= cost) {
          next = Take{take.account, balance, true};
          break;
        } else {
          refused.push_back(std::move(held.waiters.front()));
        }
        held.waiters.pop_front();
      }
    } else {
      fail = true;
    }
    if (next) held.requesting = true;
    forget_waiters(served);
    forget_waiters(refused);
    if (held.idle_entry()) accounts_.erase(take.account);
  }

  if (granted) {
    ensure_tick();
    services.count(Stat::grants_taken);
    ledger_.low_balance().after_reservation(take.account, balance, take.quantity);
    if (services.log_enabled(Severity::debug)) {
      services.log(Severity::debug, "took a grant of " + std::to_string(take.quantity) + " from account " + take.account +
                                        " (" + std::to_string(balance) + " left)");
    }
  } else if (crossed) {
    services.count(Stat::grants_refused);
    ledger_.low_balance().observe(take.account, balance);
    if (services.log_enabled(Severity::debug)) {
      services.log(Severity::debug, "account " + take.account + " has " + std::to_string(balance) + ", a grant of " +
                                        std::to_string(take.quantity) + " was asked for");
    }
  }
  resume_served(served);
  for (const Waiter& waiter : refused) {
    waiter.session->forget(waiter.reservation.token);
    services.count(Stat::refused_insufficient);
    (void)services.resume_stop(waiter.reservation.token, ledger_.config().insufficient_status);
  }
  if (fail) {
    fail_waiters(take.account, answer.status.to_string());
  } else if (next && !send_take(*next)) {
    {
      std::lock_guard lock(mutex_);
      accounts_[take.account].requesting = false;
    }
    fail_waiters(take.account, "the store took no batch");
  }
}

void GrantBook::serve(Account& held, std::vector<Waiter>& served, int64_t now_ns) {
  while (!held.waiters.empty() && held.available >= held.waiters.front().reservation.cost) {
    const int64_t cost = held.waiters.front().reservation.cost;
    held.available -= cost;
    held.spent += cost;
    held.last_use_ns = now_ns;
    served.push_back(std::move(held.waiters.front()));
    held.waiters.pop_front();
  }
}

void GrantBook::resume_served(std::vector<Waiter>& served) {
  HostServices& services = ledger_.services();
  for (Waiter& waiter : served) {
    const Reservation& reservation = waiter.reservation;
    services.count(Stat::reserved);
    if (waiter.session->reserved(reservation.token) == SessionReservations::Reserved::refund) {
      services.count(Stat::cancelled_while_reserving);
      refund(reservation.account, reservation.cost, "the call ended while it waited for a grant");
      continue;
    }
    if (services.resume_charged(reservation.token, reservation.id, reservation.cost)) continue;
    // The call is gone: whichever of this and its on_cancel comes second refunds.
    if (auto gone = waiter.session->resume_failed(reservation.token)) {
      services.count(Stat::cancelled_while_reserving);
      refund(gone->account, gone->cost, "the call ended before it could go on");
    }
  }
}

void GrantBook::fail_waiters(const std::string& account, std::string_view why) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard lock(mutex_);
    const auto found = accounts_.find(account);
    if (found == accounts_.end()) return;
    Account& held = found->second;
    waiters.assign(std::make_move_iterator(held.waiters.begin()), std::make_move_iterator(held.waiters.end()));
    held.waiters.clear();
    forget_waiters(waiters);
    if (held.idle_entry()) accounts_.erase(found);
  }
  for (const Waiter& waiter : waiters) {
    waiter.session->forget(waiter.reservation.token);
    ledger_.resume_store_unavailable(waiter.reservation.token, why);
  }
}

void GrantBook::forget_waiters(const std::vector<Waiter>& waiters) {
  for (const Waiter& waiter : waiters) waiting_.erase(waiter.reservation.token);
}

bool GrantBook::drop_waiter(uint64_t token) {
  std::lock_guard lock(mutex_);
  const auto known = waiting_.find(token);
  if (known == waiting_.end()) return false;
  const auto found = accounts_.find(known->second);
  waiting_.erase(known);
  if (found == accounts_.end()) return false;
  std::erase_if(found->second.waiters, [token](const Waiter& waiter) { return waiter.reservation.token == token; });
  return true;
}

void GrantBook::refund(const std::string& account, int64_t cost, std::string_view why) {
  HostServices& services = ledger_.services();
  {
    std::lock_guard lock(mutex_);
    Account& held = accounts_[account];
    held.available += cost;
    held.spent -= cost;
  }
  ensure_tick();
  services.count(Stat::refunded);
  if (services.log_enabled(Severity::debug)) {
    services.log(Severity::debug,
                 "gave " + std::to_string(cost) + " back to the grant of account " + account + ": " + std::string(why));
  }
}

// --- flushing and giving back

void GrantBook::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  tick();
}

void GrantBook::ensure_tick() {
  bool arm = false;
  bool keep_alive = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_ && !closing_tick_armed_) {
      closing_tick_armed_ = true;
      arm = keep_alive = true;
    } else if (!closed_ && !tick_armed_) {
      tick_armed_ = true;
      arm = true;
    }
  }
  if (arm) arm_tick(keep_alive);
}

void GrantBook::arm_tick(bool keep_alive) {
  std::weak_ptr<Ledger> weak = owner_;
  std::shared_ptr<Ledger> strong = keep_alive ? owner() : nullptr;
  const bool armed = ledger_.services().schedule(ledger_.config().grant_flush, [this, weak, strong, keep_alive] {
    const std::shared_ptr<Ledger> alive = strong ? strong : weak.lock();
    if (alive) tick_fired(keep_alive);
  });
  if (!armed) {
    std::lock_guard lock(mutex_);
    (keep_alive ? closing_tick_armed_ : tick_armed_) = false;
  }
}

void GrantBook::tick_fired(bool keep_alive) {
  {
    std::lock_guard lock(mutex_);
    (keep_alive ? closing_tick_armed_ : tick_armed_) = false;
  }
  tick();
}

void GrantBook::tick() {
  const int64_t now = ledger_.services().monotonic_ns();
  const int64_t idle_ns = nanoseconds(ledger_.config().grant_idle);
  const bool fresh = lease_fresh(now);
  std::vector<Write> writes;
  bool flushing = false;
  bool holding = false;
  bool closed = false;
  {
    std::lock_guard lock(mutex_);
    closed = closed_;
    for (auto it = accounts_.begin(); it != accounts_.end();) {
      Account& held = it->second;
      drain_all(held);  // what the slices spent is flushed, what they hold may go back
      // Held across a lapse of the lease: a janitor may have given it back already.
      if (!fresh && !closed_ && held.holds()) held.doubtful = true;
      if (!held.requesting && !held.writing) {
        const bool idle = held.waiters.empty() && now - held.last_use_ns >= idle_ns;
        if ((closed_ || held.doubtful || idle) && held.holds()) {
          writes.push_back(take_write(it->first, held, true));
        } else if (held.spent != 0 || held.owed != 0) {
          writes.push_back(take_write(it->first, held, false));
          flushing = true;
        }
      }
      if (held.idle_entry()) {
        it = accounts_.erase(it);
        continue;
      }
      holding = true;
      ++it;
    }
  }
  for (Write& write : writes) start_write(std::move(write), now);
  // A flush sets the lease too; without one, a node that holds grants keeps its lease alive.
  if (!flushing && holding && !closed) refresh_lease(now);
  // Only while something is held: an idle ledger keeps no timer.
  bool empty = false;
  {
    std::lock_guard lock(mutex_);
    empty = accounts_.empty();
  }
  if (!empty) ensure_tick();
}

GrantBook::Write GrantBook::take_write(const std::string& account, Account& held, bool give_back) {
  Write write;
  write.account = account;
  write.give_back = give_back;
  write.spent = std::exchange(held.spent, 0);
  write.owed = std::exchange(held.owed, 0);
  if (give_back) write.available = std::exchange(held.available, 0);
  held.writing = true;
  return write;
}

void GrantBook::start_write(Write write, int64_t now_ns) {
  const StateKeys& keys = ledger_.keys();
  std::vector<state::StateOp> ops;
  const int64_t grant_delta = -(write.available + write.spent);
  const int64_t balance_delta = write.available - write.owed;
  if (grant_delta != 0) {
    ops.emplace_back(state::op::Increment{keys.grant(write.account, node_), grant_delta, 0});
    write.has_grant_op = true;
  }
  if (balance_delta != 0) {
    ops.emplace_back(state::op::Increment{keys.balance(write.account), balance_delta});
    write.has_balance_op = true;
  }
  if (!write.give_back) {
    // A refund can raise a grant a janitor removed (after a lapse): it stays findable.
    if (write.has_grant_op) ops.emplace_back(state::op::SetAdd{keys.grants(), member(write.account)});
    ops.emplace_back(state::op::Set{keys.lease(node_), std::string(kLeaseValue), kLeaseTtl});
  }
  if (ops.empty()) {
    // Nothing to move: only the empty grant to remove.
    written(write, state::BatchResult{}, now_ns);
    return;
  }
  const bool started = ledger_.services().execute(std::move(ops), [keep = owner(), this, write, now_ns](state::BatchResult answer) {
    written(write, answer, now_ns);
  });
  if (started) return;
  if (closed()) {
    abandon(write);
  } else {
    written(write, state::refused_batch(0, state::StateStatus{state::StateCode::busy, "the store took no batch"}), now_ns);
  }
}

void GrantBook::abandon(const Write& write) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard lock(mutex_);
    const auto found = accounts_.find(write.account);
    if (found != accounts_.end()) {
      waiters.assign(std::make_move_iterator(found->second.waiters.begin()),
                     std::make_move_iterator(found->second.waiters.end()));
      forget_waiters(waiters);
      accounts_.erase(found);
    }
  }
  for (const Waiter& waiter : waiters) {
    waiter.session->forget(waiter.reservation.token);
    ledger_.resume_store_unavailable(waiter.reservation.token, "the store took no batch");
  }
  ledger_.services().log(Severity::info, "the state store took no give-back of account " + write.account + " (" +
                                             std::to_string(write.available) +
                                             " unspent): another node's janitor returns it once this node's lease lapses");
}

void GrantBook::written(const Write& write, const state::BatchResult& answer, int64_t sent_ns) {
  HostServices& services = ledger_.services();
  const bool ok = answer.status.ok();
  const bool reclaimed = answer.status.code == state::StateCode::would_cross;
  const int64_t grant_left = write.has_grant_op && !answer.results.empty() ? answer.results.front().number : 0;
  std::optional<int64_t> balance;
  if (ok && write.has_balance_op) balance = answer.results[write.has_grant_op ? 1 : 0].number;
  if (ok && !write.give_back) confirm_lease(sent_ns);
  bool remove = false;
  int64_t dropped = 0;
  std::optional<Take> next;
  std::vector<Waiter> unserved;
  {
    std::lock_guard lock(mutex_);
    Account& held = accounts_[write.account];
    held.writing = false;
    if (ok) {
      if (write.give_back) {
        held.doubtful = false;
        // The grant is spent or back: its key and member go, unless this process took more.
        remove = held.in_store && grant_left == 0;
        if (remove) held.in_store = false;
      }
    } else if (reclaimed) {
      // A janitor gave this grant back (the lease had lapsed): what it held is in the balance
      // already, so it is dropped here and its spends are charged to the balance itself.
      drain_all(held);
      dropped = write.available + held.available;
      held.available = 0;
      held.owed += write.spent + write.owed + held.spent;
      held.spent = 0;
      held.in_store = false;
      held.doubtful = false;
    } else {
      held.available += write.available;
      held.spent += write.spent;
      held.owed += write.owed;
    }
    if (!held.waiters.empty() && !held.requesting) {
      if (!held.doubtful) {
        held.requesting = true;
        next = Take{write.account, quantity(held), false};
      } else {
        // Still doubtful: the store failed the give-back, so it would fail a take too.
        unserved.assign(std::make_move_iterator(held.waiters.begin()), std::make_move_iterator(held.waiters.end()));
        held.waiters.clear();
        forget_waiters(unserved);
      }
    }
    if (held.idle_entry()) accounts_.erase(write.account);
  }

  if (ok) {
    services.count(write.give_back ? Stat::grant_give_backs : Stat::grant_flushes);
    if (balance) ledger_.low_balance().observe(write.account, *balance);
  } else if (reclaimed) {
    services.log(Severity::error, "the grant of account " + write.account +
                                      " was given back by another node while this one held it (its lease lapsed): " +
                                      std::to_string(dropped) + " unspent dropped here, its spends charged to the balance");
  } else if (services.log_enabled(Severity::debug)) {
    services.log(Severity::debug, std::string(write.give_back ? "give-back" : "flush") + " of account " + write.account +
                                      " failed (" + answer.status.to_string() + "): tried again at the next tick");
  }
  if (remove) remove_if_zero(write.account, node_);
  for (const Waiter& waiter : unserved) {
    waiter.session->forget(waiter.reservation.token);
    ledger_.resume_store_unavailable(waiter.reservation.token, answer.status.to_string());
  }
  if (next && !send_take(*next)) {
    {
      std::lock_guard lock(mutex_);
      accounts_[write.account].requesting = false;
    }
    fail_waiters(write.account, "the store took no batch");
  }
}

void GrantBook::refresh_lease(int64_t now_ns) {
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Set{ledger_.keys().lease(node_), std::string(kLeaseValue), kLeaseTtl});
  (void)ledger_.services().execute(std::move(ops), [keep = owner(), this, now_ns](state::BatchResult answer) {
    if (answer.status.ok()) confirm_lease(now_ns);
  });
}

void GrantBook::remove_if_zero(const std::string& account, const std::string& node) {
  const StateKeys& keys = ledger_.keys();
  const std::string grant = keys.grant(account, node);
  std::vector<state::StateOp> ops;
  // Stops (MISMATCH) when the grant is not 0: another ledger of that node holds some of it.
  ops.emplace_back(state::op::CompareAndSet{grant, "0", "0"});
  ops.emplace_back(state::op::SetRemove{keys.grants(), node + "/" + account});
  ops.emplace_back(state::op::Delete{grant});
  (void)ledger_.services().execute(std::move(ops), [keep = owner()](state::BatchResult) {});
}

// --- the janitor

void GrantBook::arm_janitor() {
  std::weak_ptr<Ledger> weak = owner_;
  const bool armed = ledger_.services().schedule(kJanitorInterval, [this, weak] {
    const std::shared_ptr<Ledger> alive = weak.lock();
    if (!alive) return;
    bool again = false;
    {
      std::lock_guard lock(mutex_);
      again = !closed_;
      janitor_armed_ = again;
    }
    if (!again) return;
    sweep();
    arm_janitor();
  });
  if (!armed) {
    std::lock_guard lock(mutex_);
    janitor_armed_ = false;
  }
}

void GrantBook::sweep() {
  if (sweeping_.exchange(true)) return;  // the last round is still under way
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::SetMembers{ledger_.keys().grants(), kMaxMembers});
  const bool started = ledger_.services().execute(std::move(ops), [keep = owner(), this](state::BatchResult answer) {
    swept_members(answer);
  });
  if (!started) sweeping_ = false;
}

void GrantBook::swept_members(const state::BatchResult& answer) {
  if (!answer.status.ok() || answer.results.empty()) {
    sweeping_ = false;
    return;
  }
  // "<node>/<account>" of other nodes; this process's own are alive by definition.
  std::vector<std::pair<std::string, std::string>> members;
  std::vector<std::string> nodes;
  for (const state::ListItem& item : answer.results.front().items) {
    const size_t slash = item.value.find('/');
    if (slash == 0 || slash == std::string::npos || slash + 1 == item.value.size()) continue;
    std::string node = item.value.substr(0, slash);
    if (node == node_) continue;
    if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) {
      if (nodes.size() == kMaxLookups) continue;
      nodes.push_back(node);
    }
    members.emplace_back(std::move(node), item.value.substr(slash + 1));
  }
  if (nodes.empty()) {
    sweeping_ = false;
    return;
  }
  std::vector<state::StateOp> ops;
  for (const std::string& node : nodes) ops.emplace_back(state::op::Get{ledger_.keys().lease(node)});
  const bool started =
      ledger_.services().execute(std::move(ops), [keep = owner(), this, members, nodes](state::BatchResult leases) {
        swept_leases(members, nodes, leases);
      });
  if (!started) sweeping_ = false;
}

void GrantBook::swept_leases(const std::vector<std::pair<std::string, std::string>>& members,
                             const std::vector<std::string>& nodes, const state::BatchResult& answer) {
  if (!answer.status.ok() || answer.results.size() != nodes.size()) {
    sweeping_ = false;
    return;
  }
  std::vector<std::pair<std::string, std::string>> dead;
  for (const auto& [node, account] : members) {
    const size_t index = static_cast<size_t>(std::find(nodes.begin(), nodes.end(), node) - nodes.begin());
    if (index < nodes.size() && answer.results[index].status.code == state::StateCode::not_found &&
        dead.size() < kMaxLookups) {
      dead.emplace_back(node, account);
    }
  }
  if (dead.empty()) {
    sweeping_ = false;
    return;
  }
  std::vector<state::StateOp> ops;
  for (const auto& [node, account] : dead) ops.emplace_back(state::op::Get{ledger_.keys().grant(account, node)});
  const bool started = ledger_.services().execute(std::move(ops), [keep = owner(), this, dead](state::BatchResult grants) {
    swept_grants(dead, grants);
  });
  if (!started) sweeping_ = false;
}

void GrantBook::swept_grants(const std::vector<std::pair<std::string, std::string>>& dead,
                             const state::BatchResult& answer) {
  if (answer.status.ok() && answer.results.size() == dead.size()) {
    for (size_t i = 0; i < dead.size(); ++i) {
      const state::StateResult& result = answer.results[i];
      const auto amount = result.value ? parse_amount(*result.value) : std::optional<int64_t>(0);
      if (!amount || *amount < 0) {
        ledger_.services().log(Severity::warn, "the grant of account " + dead[i].second + " held by dead node " +
                                                   dead[i].first + " is not an amount: left for a correction by hand");
        continue;
      }
      recover(dead[i].first, dead[i].second, *amount, result.value.has_value());
    }
  }
  sweeping_ = false;
}

void GrantBook::recover(const std::string& node, const std::string& account, int64_t amount, bool key_present) {
  const StateKeys& keys = ledger_.keys();
  if (amount == 0) {
    // Nothing to give back: the member (and an empty key) go.
    if (key_present) {
      remove_if_zero(account, node);
    } else {
      std::vector<state::StateOp> ops;
      ops.emplace_back(state::op::SetRemove{keys.grants(), node + "/" + account});
      (void)ledger_.services().execute(std::move(ops), [keep = owner()](state::BatchResult) {});
    }
    return;
  }
  std::vector<state::StateOp> ops;
  // A second janitor's identical batch finds the grant below `amount` and stops (WOULD_CROSS).
  ops.emplace_back(state::op::Increment{keys.grant(account, node), -amount, 0});
  ops.emplace_back(state::op::Increment{keys.balance(account), amount});
  ops.emplace_back(state::op::SetRemove{keys.grants(), node + "/" + account});
  const bool started =
      ledger_.services().execute(std::move(ops), [keep = owner(), this, node, account, amount](state::BatchResult answer) {
        HostServices& services = ledger_.services();
        if (answer.status.code == state::StateCode::would_cross) {
          if (services.log_enabled(Severity::debug)) {
            services.log(Severity::debug, "the grant of account " + account + " of dead node " + node +
                                              " was recovered by another node");
          }
          return;
        }
        if (!answer.status.ok()) return;  // the next round tries again
        services.count(Stat::grants_recovered);
        const int64_t balance = answer.results[1].number;
        services.log(Severity::info, "recovered the grant of dead node " + node + ": " + std::to_string(amount) +
                                         " back to account " + account + " (balance " + std::to_string(balance) + ")");
        ledger_.low_balance().observe(account, balance);
        if (answer.results.front().number == 0) remove_if_zero(account, node);
      });
  (void)started;  // not started: the next round tries again
}

}  // namespace smppd::plugins::credit
