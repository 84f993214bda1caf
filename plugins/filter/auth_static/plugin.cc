// auth_static: the one file that touches the plugin ABI (through the C++ SDK). The descriptor, the
// factory, the host services the logic uses, and the mapping between calls and bind requests.
#include <array>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "plugins/filter/auth_static/auth_stats.h"
#include "plugins/filter/auth_static/authenticator.h"
#include "smppd/cxx/bind_counter.hpp"
#include "plugins/filter/auth_static/filter_config.h"
#include "plugins/filter/auth_static/host_services.h"
#include "plugins/filter/auth_static/password_verifier.h"
#include "plugins/filter/auth_static/session_bind_state.h"
#include "smppd/cxx/plugin.hpp"

#ifndef SMPPD_AUTH_STATIC_VERSION
#error "SMPPD_AUTH_STATIC_VERSION comes from manifests/auth_static.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::auth_static {
namespace {

namespace cxx = smppd::cxx;

uint32_t command_status_of(RejectReason reason) noexcept {
  switch (reason) {
    case RejectReason::unknown_system_id: return SMPPD_STATUS_RINVSYSID;
    case RejectReason::bad_password: return SMPPD_STATUS_RINVPASWD;
    case RejectReason::already_bound: return SMPPD_STATUS_RALYBND;
    case RejectReason::internal: return SMPPD_STATUS_RSYSERR;
    case RejectReason::disabled:
    case RejectReason::bind_type:
    case RejectReason::source_address:
    case RejectReason::max_binds: return SMPPD_STATUS_RBINDFAIL;
    // Too many password checks at once: a moment later the same bind may succeed.
    case RejectReason::throttled: return SMPPD_STATUS_RTHROTTLED;
  }
  return SMPPD_STATUS_RBINDFAIL;
}

std::optional<BindType> bind_type_of(uint32_t command_id) noexcept {
  switch (command_id) {
    case SMPPD_CMD_BIND_TRANSMITTER: return BindType::transmitter;
    case SMPPD_CMD_BIND_RECEIVER: return BindType::receiver;
    case SMPPD_CMD_BIND_TRANSCEIVER: return BindType::transceiver;
    default: return std::nullopt;
  }
}

class AbiHostServices final : public HostServices {
 public:
  // Control thread (config_new): defines the metrics.
  explicit AbiHostServices(const cxx::Host& host) : host_(host) {
    for (size_t i = 0; i < kStats.size(); ++i) {
      counters_[i] = host.counter(kStats[i].name, kStats[i].help).value_or(cxx::Counter{});
    }
    in_flight_ = host.gauge(kVerificationsInFlight.name, kVerificationsInFlight.help).value_or(cxx::Gauge{});
  }

  int64_t monotonic_ns() const noexcept override { return host_.monotonic().count(); }
  bool log_enabled(Severity severity) const noexcept override { return host_.log_enabled(cxx::log_level_of(severity)); }
  void log(Severity severity, std::string_view message) const noexcept override { host_.log(cxx::log_level_of(severity), message); }
  void count(Stat stat) const noexcept override { counters_[static_cast<size_t>(stat)].add(); }
  void add_verifications_in_flight(int64_t delta) const noexcept override { in_flight_.add(delta); }

  bool run_blocking(std::function<void()> work) const override {
    return host_.run_blocking(std::move(work)) == SMPPD_OK;
  }

  Delivery finish_bind(uint64_t token, const BindResult& result) const noexcept override {
    if (result.accepted) {
      const int32_t set = host_.token_set_string(token, cxx::Scope::session, SMPPD_ATTR_PRINCIPAL, result.principal);
      if (set == SMPPD_E_NOT_FOUND) return Delivery::gone;
      if (set == SMPPD_OK) return delivery_of(host_.resume(token, cxx::Verdict::Continue()));
      // Without the principal the bind is not authenticated: refuse rather than let it through.
      host_.error("cannot set smppd.principal on the paused bind; refusing it");
      const int32_t refused = host_.resume(token, cxx::Verdict::Stop(SMPPD_STATUS_RSYSERR));
      return refused == SMPPD_E_NOT_FOUND ? Delivery::gone : Delivery::failed;
    }
    return delivery_of(host_.resume(token, cxx::Verdict::Stop(command_status_of(result.reason))));
  }

 private:
  Delivery delivery_of(int32_t rc) const noexcept {
    if (rc == SMPPD_OK) return Delivery::delivered;
    if (rc == SMPPD_E_NOT_FOUND) return Delivery::gone;
    host_.error("resume of a paused bind failed");
    return Delivery::failed;
  }

  cxx::Host host_;
  std::array<cxx::Counter, kStats.size()> counters_{};
  cxx::Gauge in_flight_;
};

class AuthStaticConfig {
 public:
  AuthStaticConfig(const cxx::Host& host, std::string_view json)
      : authenticator_(Authenticator::create(parse_filter_config(json), std::make_shared<AbiHostServices>(host),
                                             cxx::BindCounter::process_wide())) {}

  const std::shared_ptr<Authenticator>& authenticator() const noexcept { return authenticator_; }

 private:
  std::shared_ptr<Authenticator> authenticator_;
};

class AuthStaticSession {
 public:
  AuthStaticSession(AuthStaticConfig& config, const cxx::SessionInfo&)
      : authenticator_(config.authenticator()), binds_(std::make_shared<SessionBindState>()) {}
  // A check still running for this session finds the state closed and drops its result; an
  // accepted bind's slot is released here.
  ~AuthStaticSession() { binds_->close(); }
  AuthStaticSession(const AuthStaticSession&) = delete;
  AuthStaticSession& operator=(const AuthStaticSession&) = delete;

  cxx::Verdict on_request(cxx::Call& call, uint64_t token) {
    authenticator_->on_request();
    const cxx::Message message = call.message();
    const std::optional<BindType> type = bind_type_of(message.command_id());
    if (!type) return cxx::Verdict::Continue();

    BindRequest request;
    request.system_id = std::string(message.string_or(SMPPD_F_SYSTEM_ID));
    request.password = std::string(message.string_or(SMPPD_F_PASSWORD));
    request.bind_type = *type;
    if (const auto session = call.session()) {
      request.peer_address = std::string(session->peer_address);
      request.host_reports_unbound = session->bind_type == cxx::BindType::none;
    }

    const Authenticator::Decision decision = authenticator_->begin_bind(std::move(request), token, binds_);
    if (decision.paused) return cxx::Verdict::Pause();
    return cxx::Verdict::Stop(command_status_of(decision.reason));
  }

  void on_cancel(uint64_t token) { binds_->cancel(token); }

 private:
  std::shared_ptr<Authenticator> authenticator_;
  std::shared_ptr<SessionBindState> binds_;
};

struct AuthStaticFilter {
  static constexpr const char* name = "auth_static";
  static constexpr const char* config_schema = kConfigSchema;
  using Config = AuthStaticConfig;
  using Session = AuthStaticSession;
};

void init(const cxx::Host&) { initialize_sodium(); }

constexpr smppd_factory kFactories[] = {cxx::filter_factory<AuthStaticFilter>()};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "auth_static", SMPPD_AUTH_STATIC_VERSION,
    "Authenticates binds against static accounts (Argon2id), with source CIDRs, bind types and max_binds",
    kFactories, cxx::init_hook<&init>);

}  // namespace smppd::plugins::auth_static

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::auth_static::kDescriptor);
