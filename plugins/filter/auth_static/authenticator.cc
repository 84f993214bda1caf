#include "plugins/filter/auth_static/authenticator.h"

#include <string>
#include <utility>

#include "plugins/filter/auth_static/password_verifier.h"
#include "plugins/filter/auth_static/quoted.h"

namespace smppd::plugins::auth_static {
namespace {

Stat stat_of(RejectReason reason) noexcept {
  switch (reason) {
    case RejectReason::unknown_system_id: return Stat::binds_rejected_unknown_system_id;
    case RejectReason::bad_password: return Stat::binds_rejected_bad_password;
    case RejectReason::disabled: return Stat::binds_rejected_disabled;
    case RejectReason::bind_type: return Stat::binds_rejected_bind_type;
    case RejectReason::source_address: return Stat::binds_rejected_source_address;
    case RejectReason::max_binds: return Stat::binds_rejected_max_binds;
    case RejectReason::throttled: return Stat::binds_rejected_throttled;
    case RejectReason::already_bound: return Stat::binds_rejected_already_bound;
    case RejectReason::internal: return Stat::binds_rejected_internal;
  }
  return Stat::binds_rejected_internal;
}

std::string describe_client(const BindRequest& request) {
  return "system_id " + quoted(request.system_id) + " from " + quoted(request.peer_address) + " as " +
         std::string(name_of(request.bind_type));
}

}  // namespace

// One password check on its way through the pool. Owns a copy of what it needs (the call is gone
// once the hook returns) and holds its place among the pending checks until destroyed.
struct Authenticator::Check {
  Check(std::shared_ptr<Authenticator> by, std::shared_ptr<SessionBindState> for_session, uint64_t call_token,
        BindRequest bind, std::string hash, bool account_known, uint32_t account_max_binds)
      : owner(std::move(by)),
        session(std::move(for_session)),
        token(call_token),
        request(std::move(bind)),
        password_hash(std::move(hash)),
        known(account_known),
        max_binds(account_max_binds) {}
  Check(const Check&) = delete;
  Check& operator=(const Check&) = delete;
  ~Check() {
    wipe(request.password);
    owner->pending_.fetch_sub(1);
    owner->services_->add_verifications_in_flight(-1);
  }

  std::shared_ptr<Authenticator> owner;
  std::shared_ptr<SessionBindState> session;
  uint64_t token;
  BindRequest request;
  std::string password_hash;
  bool known;
  uint32_t max_binds;
};

std::shared_ptr<Authenticator> Authenticator::create(FilterConfig config, std::shared_ptr<const HostServices> services,
                                                     std::shared_ptr<cxx::BindCounter> counter) {
  initialize_sodium();
  std::unique_ptr<AccountsFile> file;
  std::shared_ptr<const AccountTable> table;
  if (config.accounts_file) {
    file = std::make_unique<AccountsFile>(*config.accounts_file);
    table = file->load();
  } else {
    table = std::make_shared<const AccountTable>(std::move(config.accounts));
  }
  return std::make_shared<Authenticator>(PassKey{}, config, std::move(services), std::move(counter), std::move(table),
                                         std::move(file));
}

Authenticator::Authenticator(PassKey, const FilterConfig& config, std::shared_ptr<const HostServices> services,
                             std::shared_ptr<cxx::BindCounter> counter, std::shared_ptr<const AccountTable> table,
                             std::unique_ptr<AccountsFile> file)
    : services_(std::move(services)),
      counter_(std::move(counter)),
      store_(std::move(table)),
      file_(std::move(file)),
      max_pending_(config.max_pending_verifications),
      next_reload_check_ns_(services_->monotonic_ns() + kReloadCheckIntervalNs) {}

void Authenticator::on_request() {
  if (!file_) return;
  const int64_t now = services_->monotonic_ns();
  int64_t due = next_reload_check_ns_.load();
  if (now < due) return;
  if (!next_reload_check_ns_.compare_exchange_strong(due, now + kReloadCheckIntervalNs)) return;  // another worker won
  if (reload_running_.exchange(true)) return;
  auto self = shared_from_this();
  bool queued = false;
  try {
    queued = services_->run_blocking([self] { self->reload_now(); });
  } catch (...) {
    queued = false;
  }
  if (!queued) reload_running_.store(false);  // the next interval tries again
}

void Authenticator::reload_now() noexcept {
  struct Done {
    std::atomic<bool>& running;
    ~Done() { running.store(false); }
  } done{reload_running_};
  try {
    const AccountsFile::Reload reload = file_->reload_if_changed(store_);
    switch (reload.result) {
      case AccountsFile::Reload::Result::unchanged:
        break;
      case AccountsFile::Reload::Result::reloaded:
        services_->count(Stat::reloads);
        services_->log(Severity::info, "accounts_file " + quoted(file_->path()) + " reloaded: " +
                                           std::to_string(reload.accounts) + " accounts");
        break;
      case AccountsFile::Reload::Result::failed:
        services_->count(Stat::reload_failures);
        services_->log(Severity::error, reload.error + " (keeping the previous " +
                                            std::to_string(store_.current()->size()) + " accounts)");
        break;
    }
  } catch (...) {
    services_->count(Stat::reload_failures);
    services_->log(Severity::error, "accounts_file reload failed (keeping the previous accounts)");
  }
}

Authenticator::Decision Authenticator::begin_bind(BindRequest request, uint64_t token,
                                                  const std::shared_ptr<SessionBindState>& session) {
  auto refuse = [&](RejectReason reason, const BindRequest& bind) {
    note_refused(reason, bind);
    return Decision{false, reason};
  };

  if (!session->begin(token, request.host_reports_unbound)) return refuse(RejectReason::already_bound, request);
  auto refuse_begun = [&](RejectReason reason) {
    session->refuse(token);
    return refuse(reason, request);
  };

  const std::shared_ptr<const AccountTable> table = store_.current();
  const Account* account = table->find(request.system_id);
  // Refusals that need no password: cheap, and no hashing for clients that could never bind.
  if (account != nullptr) {
    if (!account->enabled) return refuse_begun(RejectReason::disabled);
    if (!account->bind_types.contains(request.bind_type)) return refuse_begun(RejectReason::bind_type);
    if (!account->allows_address(request.peer_address)) return refuse_begun(RejectReason::source_address);
    if (account->max_binds != 0 && counter_->held(account->system_id) >= account->max_binds) {
      return refuse_begun(RejectReason::max_binds);
    }
  }
  if (pending_.fetch_add(1) >= max_pending_) {
    pending_.fetch_sub(1);
    return refuse_begun(RejectReason::throttled);
  }
  services_->add_verifications_in_flight(1);

  std::shared_ptr<Check> check;
  try {
    check = std::make_shared<Check>(shared_from_this(), session, token, std::move(request),
                                    account != nullptr ? account->password_hash : table->dummy_hash(),
                                    account != nullptr, account != nullptr ? account->max_binds : 0);
  } catch (...) {
    pending_.fetch_sub(1);
    services_->add_verifications_in_flight(-1);
    session->refuse(token);
    throw;
  }

  bool queued = false;
  try {
    queued = services_->run_blocking([check] { check->owner->run_check(*check); });
  } catch (...) {
    session->refuse(token);
    throw;
  }
  if (!queued) {
    session->refuse(token);
    return refuse(RejectReason::throttled, check->request);
  }
  return Decision{true, RejectReason::internal};
}

void Authenticator::run_check(Check& check) noexcept {
  try {
    if (!check.session->wanted(check.token)) {
      note_cancelled(check.request);  // cancelled before the check started: no hashing
      return;
    }
    const bool matches = verify_password(check.password_hash, check.request.password);
    wipe(check.request.password);
    if (!check.known) return finish_refused(check, RejectReason::unknown_system_id);
    if (!matches) return finish_refused(check, RejectReason::bad_password);

    std::optional<cxx::BindSlot> slot = counter_->try_acquire(check.request.system_id, check.max_binds);
    if (!slot) return finish_refused(check, RejectReason::max_binds);
    if (!check.session->accept(check.token, std::move(*slot))) {
      note_cancelled(check.request);
      return;
    }
    BindResult result;
    result.accepted = true;
    result.principal = check.request.system_id;
    switch (services_->finish_bind(check.token, result)) {
      case HostServices::Delivery::delivered:
        note_accepted(check.request);
        return;
      case HostServices::Delivery::gone:
        check.session->cancel(check.token);
        note_cancelled(check.request);
        return;
      case HostServices::Delivery::failed:
        check.session->cancel(check.token);
        note_refused(RejectReason::internal, check.request);
        return;
    }
  } catch (...) {
    check.session->cancel(check.token);
    BindResult result;
    result.reason = RejectReason::internal;
    if (services_->finish_bind(check.token, result) == HostServices::Delivery::delivered) {
      note_refused(RejectReason::internal, check.request);
    }
  }
}

void Authenticator::finish_refused(Check& check, RejectReason reason) noexcept {
  if (!check.session->refuse(check.token)) {
    note_cancelled(check.request);
    return;
  }
  BindResult result;
  result.reason = reason;
  switch (services_->finish_bind(check.token, result)) {
    case HostServices::Delivery::delivered: note_refused(reason, check.request); return;
    case HostServices::Delivery::gone: note_cancelled(check.request); return;
    case HostServices::Delivery::failed: note_refused(RejectReason::internal, check.request); return;
  }
}

void Authenticator::note_refused(RejectReason reason, const BindRequest& request) const noexcept {
  services_->count(Stat::binds_rejected);
  services_->count(stat_of(reason));
  if (!services_->log_enabled(Severity::info)) return;
  try {
    services_->log(Severity::info, "bind refused: " + describe_client(request) + ": " + std::string(describe(reason)));
  } catch (...) {
  }
}

void Authenticator::note_accepted(const BindRequest& request) const noexcept {
  services_->count(Stat::binds_accepted);
  if (!services_->log_enabled(Severity::info)) return;
  try {
    services_->log(Severity::info, "bind accepted: " + describe_client(request));
  } catch (...) {
  }
}

void Authenticator::note_cancelled(const BindRequest& request) const noexcept {
  services_->count(Stat::binds_cancelled);
  if (!services_->log_enabled(Severity::debug)) return;
  try {
    services_->log(Severity::debug, "bind cancelled during its password check: " + describe_client(request));
  } catch (...) {
  }
}

}  // namespace smppd::plugins::auth_static
