// ratelimit: the one file that touches the plugin ABI (through the C++ SDK). The descriptor, the
// factory, the host services the logic uses, and the mapping from calls to request facts, parts
// and state store batches.
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/filter/ratelimit/bind_limiter.h"
#include "plugins/filter/ratelimit/config_schema.h"
#include "plugins/filter/ratelimit/host_services.h"
#include "plugins/filter/ratelimit/rate_limiter.h"
#include "plugins/filter/ratelimit/ratelimit_config.h"
#include "smppd/cxx/message_parts.hpp"
#include "smppd/cxx/plugin.hpp"
#include "smppd/cxx/state_client.hpp"

#ifndef SMPPD_RATELIMIT_VERSION
#error "SMPPD_RATELIMIT_VERSION comes from manifests/ratelimit.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::ratelimit {
namespace {

namespace cxx = smppd::cxx;
namespace state = smppd::cxx::state;

class AbiHostServices final : public HostServices {
 public:
  explicit AbiHostServices(const cxx::Host& host) : host_(host) {}

  int64_t monotonic_ns() const noexcept override { return host_.monotonic().count(); }
  bool log_enabled(Severity severity) const noexcept override { return host_.log_enabled(cxx::log_level_of(severity)); }
  void log(Severity severity, std::string_view message) const noexcept override { host_.log(cxx::log_level_of(severity), message); }

  // Control thread, before anything is counted: the vector no longer changes after.
  std::optional<uint32_t> define_counter(std::string_view name, std::string_view help) const override {
    const auto counter = host_.counter(name, help);
    if (!counter) return std::nullopt;
    counters_.push_back(*counter);
    return static_cast<uint32_t>(counters_.size() - 1);
  }
  void count(uint32_t counter, uint64_t delta) const noexcept override {
    if (counter < counters_.size()) counters_[counter].add(delta);
  }
  bool store_shared() const noexcept override { return state_.shared(); }

 private:
  cxx::Host host_;
  state::StateClient state_{host_};
  mutable std::vector<cxx::Counter> counters_;
};

// What a global batch's answer means for the limits.
StoreAnswer answer_of(const state::BatchResult& batch) {
  if (batch.status.ok()) return StoreAnswer{StoreAnswer::Kind::taken, 0, {}};
  for (size_t i = 0; i < batch.results.size(); ++i) {
    if (batch.results[i].status.code == state::StateCode::would_cross) return StoreAnswer{StoreAnswer::Kind::refused, i, {}};
  }
  return StoreAnswer{StoreAnswer::Kind::unavailable, 0, batch.status.to_string()};
}

cxx::Verdict verdict_of(const Outcome& outcome) {
  return outcome.allowed ? cxx::Verdict::Continue() : cxx::Verdict::Stop(outcome.status);
}

class RatelimitConfigObject {
 public:
  RatelimitConfigObject(const cxx::Host& host, std::string_view json) : host_(host), state_(host) {
    const RatelimitConfig config = parse_ratelimit_config(json);
    auto services = std::make_shared<AbiHostServices>(host);
    limiter_ = std::make_shared<RateLimiter>(config, services);
    binds_ = std::make_shared<BindLimiter>(config, services, cxx::BindCounter::process_wide());
    for (const LimitConfig& limit : config.limits) {
      if (limit.scope == LimitScope::global && !state_.supported()) {
        throw cxx::ConfigError("limits (\"" + limit.name + "\").scope: \"global\" needs a host with a state store");
      }
    }
  }

  const cxx::Host& host() const noexcept { return host_; }
  const state::StateClient& state() const noexcept { return state_; }
  const std::shared_ptr<RateLimiter>& limiter() const noexcept { return limiter_; }
  BindLimiter& binds() const noexcept { return *binds_; }

  // Once per config: a host without call->route keys no request by route or cluster.
  void warn_no_route() const {
    if (!warned_no_route_.exchange(true)) {
      host_.warn("this host cannot say which route a message takes: limits keyed by route or cluster do not apply");
    }
  }

 private:
  cxx::Host host_;
  state::StateClient state_;
  std::shared_ptr<RateLimiter> limiter_;
  std::shared_ptr<BindLimiter> binds_;
  mutable std::atomic<bool> warned_no_route_{false};
};

class RatelimitSession {
 public:
  RatelimitSession(RatelimitConfigObject& config, const cxx::SessionInfo&) : config_(&config) {}

  cxx::Verdict on_request(cxx::Call& call, uint64_t token) {
    const cxx::Message message = call.message();
    if (message.is_bind()) return on_bind(call, message);
    const uint32_t command = message.command_id();
    RateLimiter& limiter = *config_->limiter();
    if (!limiter.has_limits()) return cxx::Verdict::Continue();
    const int64_t cost = command == SMPPD_CMD_SUBMIT_SM || command == SMPPD_CMD_DATA_SM ? int64_t{cxx::parts_of(message)}
                                                                                        : limiter.command_cost(command);
    if (cost <= 0) return cxx::Verdict::Continue();

    std::vector<std::string> numbers;  // tenant attributes that are integers, as text
    const RequestFacts facts = facts_of(call, message, numbers);
    RateLimiter::Decision decision = limiter.decide(facts, cost, call.now_ns(), &session_keys_);
    switch (decision.kind) {
      case RateLimiter::Decision::Kind::allow: return cxx::Verdict::Continue();
      case RateLimiter::Decision::Kind::refuse: return cxx::Verdict::Stop(decision.status);
      case RateLimiter::Decision::Kind::ask_store: break;
    }
    return ask_store(std::move(decision.pending), token);
  }

  // A bind's outcome: its slot stays while the client is bound, and goes when the bind failed.
  void on_complete(cxx::Call& call, const cxx::Message* response) {
    if (!slot_ || slot_confirmed_ || !call.message().is_bind()) return;
    const bool accepted = response != nullptr && response->get_int(SMPPD_F_COMMAND_STATUS).value_or(-1) == 0;
    if (accepted) {
      slot_confirmed_ = true;
    } else {
      slot_.reset();
    }
  }

 private:
  cxx::Verdict on_bind(cxx::Call& call, const cxx::Message& message) {
    BindLimiter& binds = config_->binds();
    if (!binds.active()) return cxx::Verdict::Continue();
    std::string peer;
    if (const auto session = call.session()) peer = std::string(session->peer_address);
    BindLimiter::Answer answer = binds.on_bind(peer, message.string_or(SMPPD_F_SYSTEM_ID), !slot_.has_value());
    if (!answer.allowed) return cxx::Verdict::Stop(answer.status);
    if (answer.slot) {
      slot_ = std::move(answer.slot);
      slot_confirmed_ = false;
    }
    return cxx::Verdict::Continue();
  }

  RequestFacts facts_of(cxx::Call& call, const cxx::Message& message, std::vector<std::string>& numbers) {
    RequestFacts facts;
    const RateLimiter& limiter = *config_->limiter();
    if (limiter.needs(KeyKind::client)) facts.client = client_.of(call);
    if (limiter.needs(KeyKind::sender)) facts.sender = message.string_or(SMPPD_F_SOURCE_ADDR);
    if (limiter.needs(KeyKind::destination_prefix)) facts.destination = message.string_or(SMPPD_F_DESTINATION_ADDR);
    if (limiter.needs_route()) {
      const auto route = call.route();
      if (route) {
        facts.route = route->name;
        if (!route->cluster.empty()) facts.cluster = route->cluster;
      } else if (route.status() == SMPPD_E_UNSUPPORTED) {
        config_->warn_no_route();
      }
    }
    const std::vector<std::string>& attributes = limiter.tenant_attributes();
    numbers.reserve(attributes.size());  // the views below point into it: no reallocation
    for (const std::string& attribute : attributes) {
      facts.tenants.push_back(attribute_value(call, attribute, numbers));
    }
    return facts;
  }

  // A string or integer attribute, from the call's scope first, then the session's.
  static std::optional<std::string_view> attribute_value(cxx::Call& call, const std::string& key,
                                                         std::vector<std::string>& numbers) {
    for (const cxx::Scope scope : {cxx::Scope::call, cxx::Scope::session}) {
      if (const auto text = call.get_string(scope, key)) return *text;
      if (const auto number = call.get_int(scope, key)) {
        numbers.push_back(std::to_string(*number));
        return numbers.back();
      }
    }
    return std::nullopt;
  }

  // Runs the global takes as one atomic batch; the call waits for the store's answer.
  cxx::Verdict ask_store(PendingTakes pending, uint64_t token) {
    std::vector<state::StateOp> ops;
    ops.reserve(pending.takes.size());
    for (const GlobalTake& take : pending.takes) {
      ops.emplace_back(state::op::GcraTake{take.key, take.amount, std::chrono::microseconds(take.interval_us), take.burst});
    }
    auto waiting = std::make_shared<const PendingTakes>(std::move(pending));
    std::shared_ptr<RateLimiter> limiter = config_->limiter();
    const cxx::Host host = config_->host();
    const int32_t rc = config_->state().execute(ops, [limiter, waiting, host, token](state::BatchResult batch) {
      const Outcome outcome = limiter->finish(*waiting, answer_of(batch));
      (void)host.resume(token, verdict_of(outcome));  // SMPPD_E_NOT_FOUND: the call is gone already
    });
    if (rc == SMPPD_OK) return cxx::Verdict::Pause();
    const Outcome outcome =
        limiter->finish(*waiting, StoreAnswer{StoreAnswer::Kind::unavailable, 0, "execute answered " + std::to_string(rc)});
    return verdict_of(outcome);
  }

  RatelimitConfigObject* config_;
  std::optional<cxx::BindSlot> slot_;  // this session's bind, while it is decided or bound
  bool slot_confirmed_ = false;   // the bind was accepted
  cxx::BoundSystemId client_;
  SessionKeys session_keys_;  // facts.client is the bound system_id: the same for every message
};

struct RatelimitFilter {
  static constexpr const char* name = "ratelimit";
  static constexpr const char* config_schema = kConfigSchema;
  using Config = RatelimitConfigObject;
  using Session = RatelimitSession;
};

constexpr smppd_factory kFactories[] = {cxx::filter_factory<RatelimitFilter>()};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "ratelimit", SMPPD_RATELIMIT_VERSION,
    "Rate limits in message parts per client, sender, destination prefix, route, cluster or tenant; local or "
    "shared through the state store; bind attempts per IP and concurrent binds per client",
    kFactories);

}  // namespace smppd::plugins::ratelimit

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::ratelimit::kDescriptor);
