#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "plugins/filter/auth_static/account_store.h"
#include "plugins/filter/auth_static/accounts_file.h"
#include "smppd/cxx/bind_counter.hpp"
#include "plugins/filter/auth_static/bind_request.h"
#include "plugins/filter/auth_static/filter_config.h"
#include "plugins/filter/auth_static/host_services.h"
#include "plugins/filter/auth_static/session_bind_state.h"

namespace smppd::plugins::auth_static {

// The filter's logic behind one config object, shared by every worker: decides binds, runs the
// password checks on the host's blocking pool, and reloads the accounts file.
//
// A bind is refused at once when the account is known and the refusal needs no password
// (disabled, bind type, source address, max_binds), or when too many checks are pending.
// Otherwise it pauses and a check runs on the pool: Argon2id against the account's hash, or
// against a dummy hash of the same cost for an unknown system_id, so both take as long.
class Authenticator : public std::enable_shared_from_this<Authenticator> {
  struct PassKey {};

 public:
  // How often, at most, a request starts a look at the accounts file.
  static constexpr int64_t kReloadCheckIntervalNs = 1'000'000'000;

  // Control thread. Loads the accounts (and hashes the dummy password). Throws ConfigError.
  static std::shared_ptr<Authenticator> create(FilterConfig config, std::shared_ptr<const HostServices> services,
                                               std::shared_ptr<cxx::BindCounter> counter);

  struct Decision {
    bool paused = false;
    RejectReason reason = RejectReason::internal;  // when not paused
  };

  // Worker, on every request: at most once per interval, queues a look at the accounts file.
  void on_request();

  // Worker, on a bind: a refusal now, or paused (the check ends the call through
  // HostServices::finish_bind, unless `session` drops it first).
  Decision begin_bind(BindRequest request, uint64_t token, const std::shared_ptr<SessionBindState>& session);

  std::shared_ptr<const AccountTable> accounts() const noexcept { return store_.current(); }
  uint32_t pending_checks() const noexcept { return pending_.load(); }

  Authenticator(PassKey, const FilterConfig& config, std::shared_ptr<const HostServices> services,
                std::shared_ptr<cxx::BindCounter> counter, std::shared_ptr<const AccountTable> table,
                std::unique_ptr<AccountsFile> file);

 private:
  struct Check;

  void run_check(Check& check) noexcept;
  void finish_refused(Check& check, RejectReason reason) noexcept;
  void note_refused(RejectReason reason, const BindRequest& request) const noexcept;
  void note_accepted(const BindRequest& request) const noexcept;
  void note_cancelled(const BindRequest& request) const noexcept;
  void reload_now() noexcept;

  std::shared_ptr<const HostServices> services_;
  std::shared_ptr<cxx::BindCounter> counter_;
  AccountStore store_;
  std::unique_ptr<AccountsFile> file_;  // null for inline accounts
  uint32_t max_pending_;
  std::atomic<uint32_t> pending_{0};
  std::atomic<int64_t> next_reload_check_ns_;
  std::atomic<bool> reload_running_{false};
};

}  // namespace smppd::plugins::auth_static
