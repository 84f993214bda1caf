// credit: the one file that touches the plugin ABI (through the C++ SDK). The descriptor, the
// factory, the host services the logic uses, the mapping from calls to charges, and the admin
// paths.
#include <array>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/filter/credit/balance_admin.h"
#include "plugins/filter/credit/credit_config.h"
#include "plugins/filter/credit/host_services.h"
#include "plugins/filter/credit/ledger.h"
#include "smppd/cxx/message_parts.hpp"
#include "smppd/cxx/plugin.hpp"
#include "smppd/cxx/state_client.hpp"

#ifndef SMPPD_CREDIT_VERSION
#error "SMPPD_CREDIT_VERSION comes from manifests/credit.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::credit {
namespace {

namespace cxx = smppd::cxx;

// Call attributes the filter sets on a charged call, for itself (on_complete) and later plugins.
constexpr std::string_view kReservationAttribute = "credit.reservation";
constexpr std::string_view kCostAttribute = "credit.cost";
// Charged from this node's grant without a pause, with account_attribute configured: the account
// the grant was taken from (else it is the client's own, and credit.cost alone marks the charge).
constexpr std::string_view kGrantAccountAttribute = "credit.grant";

// ESME_RINVCMDID: what smppd answers submit_multi and broadcast_sm today.
constexpr uint32_t kInvalidCommand = 0x03;

class AbiHostServices final : public HostServices {
 public:
  // Control thread (config_new): defines the metrics.
  explicit AbiHostServices(const cxx::Host& host) : host_(host), state_(host) {
    for (size_t i = 0; i < kStats.size(); ++i) {
      counters_[i] = host.counter(kStats[i].name, kStats[i].help).value_or(cxx::Counter{});
    }
    below_ = host.gauge(kAccountsBelowThreshold.name, kAccountsBelowThreshold.help).value_or(cxx::Gauge{});
  }

  int64_t realtime_ns() const noexcept override { return host_.realtime().count(); }
  int64_t monotonic_ns() const noexcept override { return host_.monotonic().count(); }
  bool log_enabled(Severity severity) const noexcept override { return host_.log_enabled(cxx::log_level_of(severity)); }
  void log(Severity severity, std::string_view message) const noexcept override { host_.log(cxx::log_level_of(severity), message); }
  void audit(std::string_view line) const noexcept override {
    // Without the host's named loggers the line goes to the plugin's own, marked.
    if (!host_.log_named("audit", cxx::LogLevel::info, line)) {
      host_.log_lazy(cxx::LogLevel::info, [&] { return "audit: " + std::string(line); });
    }
  }
  void count(Stat stat, uint64_t delta) const noexcept override { counters_[static_cast<size_t>(stat)].add(delta); }
  void set_accounts_below_threshold(int64_t accounts) const noexcept override { below_.set(accounts); }

  bool store_available() const noexcept override { return state_.available(); }
  bool execute(std::vector<cxx::state::StateOp> ops, std::function<void(cxx::state::BatchResult)> done) const override {
    return state_.execute(ops, std::move(done)) == SMPPD_OK;
  }
  bool run_blocking(std::function<void()> work) const override { return host_.run_blocking(std::move(work)) == SMPPD_OK; }
  bool schedule(std::chrono::nanoseconds delay, std::function<void()> task) const override {
    return host_.schedule(delay, std::move(task)) == SMPPD_OK;
  }

  bool resume_charged(uint64_t token, std::string_view reservation_id, int64_t cost) const noexcept override {
    if (host_.token_set_string(token, cxx::Scope::call, kReservationAttribute, reservation_id) == SMPPD_E_NOT_FOUND) {
      return false;
    }
    (void)host_.token_set_int(token, cxx::Scope::call, kCostAttribute, cost);
    return host_.resume(token, cxx::Verdict::Continue()) == SMPPD_OK;
  }
  bool resume_continue(uint64_t token) const noexcept override {
    return host_.resume(token, cxx::Verdict::Continue()) == SMPPD_OK;
  }
  bool resume_stop(uint64_t token, uint32_t command_status) const noexcept override {
    return host_.resume(token, cxx::Verdict::Stop(command_status)) == SMPPD_OK;
  }

 private:
  cxx::Host host_;
  cxx::state::StateClient state_;
  std::array<cxx::Counter, kStats.size()> counters_{};
  cxx::Gauge below_;
};

// The live ledgers, newest last: the admin paths (registered once, in init) serve the newest.
class LedgerRegistry {
 public:
  static LedgerRegistry& process() {
    static LedgerRegistry* registry = new LedgerRegistry();  // plugins are never unloaded
    return *registry;
  }
  void add(const std::shared_ptr<Ledger>& ledger) {
    std::lock_guard lock(mutex_);
    ledgers_.push_back(ledger);
  }
  void remove(const Ledger* ledger) {
    std::lock_guard lock(mutex_);
    std::erase_if(ledgers_, [ledger](const std::weak_ptr<Ledger>& known) {
      const auto alive = known.lock();
      return alive == nullptr || alive.get() == ledger;
    });
  }
  std::shared_ptr<Ledger> newest() const {
    std::lock_guard lock(mutex_);
    for (auto it = ledgers_.rbegin(); it != ledgers_.rend(); ++it) {
      if (auto alive = it->lock()) return alive;
    }
    return nullptr;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<std::weak_ptr<Ledger>> ledgers_;
};

class CreditFilterConfig {
 public:
  CreditFilterConfig(const cxx::Host& host, std::string_view json) : ledger_(make_ledger(host, json)) {
    LedgerRegistry::process().add(ledger_);
  }
  ~CreditFilterConfig() {
    LedgerRegistry::process().remove(ledger_.get());
    ledger_->close();  // grants go back to their balances; its batches keep the ledger alive
  }
  CreditFilterConfig(const CreditFilterConfig&) = delete;
  CreditFilterConfig& operator=(const CreditFilterConfig&) = delete;

  const std::shared_ptr<Ledger>& ledger() const noexcept { return ledger_; }

 private:
  static std::shared_ptr<Ledger> make_ledger(const cxx::Host& host, std::string_view json) {
    CreditConfig config = parse_credit_config(json);
    if (!cxx::state::StateClient(host).supported()) {
      throw ConfigError("this smppd has no state store (host->state): credit cannot keep balances");
    }
    return Ledger::create(std::move(config), std::make_shared<AbiHostServices>(host));
  }

  std::shared_ptr<Ledger> ledger_;
};

// The account account_attribute names (call scope first, then session); empty when missing.
std::string account_attribute_of(const cxx::Call& call, const CreditConfig& config) {
  for (const cxx::Scope scope : {cxx::Scope::call, cxx::Scope::session}) {
    if (const auto text = call.get_string(scope, config.account_attribute)) return std::string(*text);
    if (const auto number = call.get_int(scope, config.account_attribute)) return std::to_string(*number);
  }
  return {};
}

// `client`: the session's bound system_id, the account when no account_attribute is configured;
// else the attribute's value is kept in `named`. Views of those and of the call.
Charge charge_of(const cxx::Call& call, const cxx::Message& message, const CreditConfig& config,
                 std::string_view client, std::string& named) {
  Charge charge;
  if (config.account_attribute.empty()) {
    charge.account = client;
  } else {
    named = account_attribute_of(call, config);
    charge.account = named;
  }
  // Read only where a price or a refusal's log line needs it.
  if (config.prices.size() != 0 || !config.default_price) {
    charge.destination = message.string_or(SMPPD_F_DESTINATION_ADDR);
  }
  charge.parts = cxx::parts_of(message);  // as ratelimit counts them
  charge.now_ns = call.now_ns();
  if (!config.price_attribute.empty()) {
    const auto price = call.get_int(cxx::Scope::call, config.price_attribute);
    if (price) {
      charge.price_attribute = Charge::PriceAttribute::present;
      charge.attribute_price = *price;
    } else if (price.status() != SMPPD_E_NOT_FOUND) {
      charge.price_attribute = Charge::PriceAttribute::unusable;
    }
  }
  return charge;
}

class CreditSession {
 public:
  CreditSession(CreditFilterConfig& config, const cxx::SessionInfo&)
      : ledger_(config.ledger()), reservations_(std::make_shared<SessionReservations>()) {}

  cxx::Verdict on_request(cxx::Call& call, uint64_t token) {
    const cxx::Message message = call.message();
    const uint32_t command = message.command_id();
    if (command == SMPPD_CMD_SUBMIT_MULTI || command == SMPPD_CMD_BROADCAST_SM) {
      ledger_->services().count(Stat::refused_command);
      return cxx::Verdict::Stop(kInvalidCommand);
    }
    if (command != SMPPD_CMD_SUBMIT_SM && command != SMPPD_CMD_DATA_SM) return cxx::Verdict::Continue();
    std::string named;
    Charge charge = charge_of(call, message, ledger_->config(), client_.of(call), named);
    charge.session_slice = &slice_;
    const Decision decision = ledger_->on_request(charge, token, reservations_);
    switch (decision.kind) {
      case Decision::Kind::pause: return cxx::Verdict::Pause();
      case Decision::Kind::stop: return cxx::Verdict::Stop(decision.command_status);
      case Decision::Kind::charged:
        // Charged from a grant without a pause: what on_complete needs to keep or refund it.
        (void)call.set_int(cxx::Scope::call, kCostAttribute, decision.cost);
        if (!ledger_->config().account_attribute.empty()) {
          (void)call.set_string(cxx::Scope::call, kGrantAccountAttribute, charge.account);
        }
        break;
      case Decision::Kind::proceed: break;
    }
    return cxx::Verdict::Continue();
  }

  void on_cancel(uint64_t token) { ledger_->on_cancel(token, reservations_); }

  void on_complete(cxx::Call& call, const cxx::Message* response) {
    std::optional<uint32_t> status;
    if (response != nullptr) {
      // A resp without a readable status is not a success: refund rather than keep the money.
      status = static_cast<uint32_t>(response->get_int(SMPPD_F_COMMAND_STATUS).value_or(0xFFFFFFFF));
    }
    if (const auto reservation = call.get_string(cxx::Scope::call, kReservationAttribute)) {
      ledger_->on_complete(*reservation, status, reservations_);
      return;
    }
    const auto cost = call.get_int(cxx::Scope::call, kCostAttribute);
    if (!cost) return;  // nothing was charged for this call
    // Charged from a grant (a reservation's cost comes with its id): of the named account, or the
    // client's own.
    if (ledger_->config().account_attribute.empty()) {
      ledger_->on_grant_complete(client_.of(call), *cost, status);
      return;
    }
    const auto named = call.get_string(cxx::Scope::call, kGrantAccountAttribute);
    ledger_->on_grant_complete(named.value_or(std::string_view()), *cost, status);
  }

 private:
  std::shared_ptr<Ledger> ledger_;
  std::shared_ptr<SessionReservations> reservations_;
  cxx::BoundSystemId client_;
  SessionSlice slice_;  // grant mode: the slice this session's charges come from
};

struct CreditFilter {
  static constexpr const char* name = "credit";
  static constexpr const char* config_schema = kConfigSchema;
  using Config = CreditFilterConfig;
  using Session = CreditSession;
};

// The admin paths: registered once, answering from the newest config's ledger through the state
// store, so every answer is deferred.
void register_admin_path(const cxx::Admin& admin, cxx::AdminMethod method, std::string_view path, std::string_view help,
                         void (BalanceAdmin::*operation)(const AdminCall&, ReplyFn) const) {
  const int32_t rc = admin.register_handler(
      method, path, help, [operation](const cxx::AdminRequest& request, cxx::AdminResponder& responder) {
        const std::shared_ptr<Ledger> ledger = LedgerRegistry::process().newest();
        if (!ledger) {
          responder.respond(503, R"({"error":"no listener runs the credit filter"})");
          return;
        }
        const auto ticket = responder.defer();
        if (!ticket) {
          responder.respond(501, R"json({"error":"this smppd cannot answer later (it has no host->admin->defer)"})json");
          return;
        }
        AdminCall call{request.param("account"), request.param("amount"), std::string(request.peer)};
        (BalanceAdmin(ledger).*operation)(call, [ticket = *ticket](AdminReply reply) {
          (void)ticket.complete(reply.status, reply.body);
        });
      });
  // SMPPD_E_STATE: registered already by an earlier init in this process (a path is never replaced).
  if (rc != SMPPD_OK && rc != SMPPD_E_UNSUPPORTED && rc != SMPPD_E_STATE) {
    throw std::runtime_error("cannot register /plugins/credit/" + std::string(path) + " (" + std::to_string(rc) + ")");
  }
}

void init(const cxx::Host& host) {
  const cxx::Admin admin(host);
  if (!admin.supported()) {
    host.warn("this smppd serves no plugin admin paths: balances cannot be read or changed through it");
    return;
  }
  register_admin_path(admin, cxx::AdminMethod::get, "balance", "?account=<a>: the account's balance",
                      &BalanceAdmin::balance);
  register_admin_path(admin, cxx::AdminMethod::post, "topup", "?account=<a>&amount=<n>: adds n minor units (audited)",
                      &BalanceAdmin::topup);
  register_admin_path(admin, cxx::AdminMethod::post, "set", "?account=<a>&amount=<n>: sets the balance (audited)",
                      &BalanceAdmin::set);
}

constexpr smppd_factory kFactories[] = {cxx::filter_factory<CreditFilter>()};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "credit", SMPPD_CREDIT_VERSION,
    "Prepaid credit: reserves each message's price in the shared state store, commits it on ESME_ROK, refunds it otherwise",
    kFactories, cxx::init_hook<&init>);

}  // namespace smppd::plugins::credit

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::credit::kDescriptor);
