#include "plugins/filter/ratelimit/rate_limiter.h"

#include <algorithm>
#include <cstdio>

namespace smppd::plugins::ratelimit {
namespace {

std::string status_text(uint32_t status) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", status);
  return text;
}

}  // namespace

RateLimiter::RateLimiter(const RatelimitConfig& config, std::shared_ptr<HostServices> host)
    : host_(std::move(host)), command_costs_(config.command_costs), key_prefix_(config.key_prefix) {
  local_evicted_ = host_->define_counter("local_keys_evicted",
                                         "Keys of local limits dropped while full (they start again with a full bucket)");
  limits_.reserve(config.limits.size());
  for (const LimitConfig& limit : config.limits) {
    size_t tenant_index = 0;
    if (limit.keyed_by(KeyKind::tenant)) {
      const auto found = std::find(tenant_attributes_.begin(), tenant_attributes_.end(), limit.tenant_attribute);
      tenant_index = static_cast<size_t>(found - tenant_attributes_.begin());
      if (found == tenant_attributes_.end()) tenant_attributes_.push_back(limit.tenant_attribute);
    }
    for (const KeyKind kind : limit.keys) needed_keys_ |= 1u << static_cast<unsigned>(kind);
    has_global_ = has_global_ || limit.scope == LimitScope::global;

    Entry entry{Limit(limit, tenant_index), nullptr, {}};
    // A global limit has a table too: it counts there while no other node shares the store.
    entry.table = std::make_unique<LocalGcraTable>(limit.rate, config.max_local_keys, [this] { count(local_evicted_); });
    const std::string prefix = "limit." + limit.name + ".";
    entry.counters.allowed = host_->define_counter(prefix + "allowed", "Requests the limit let through");
    entry.counters.limited = host_->define_counter(prefix + "limited", "Requests the limit refused");
    if (limit.scope == LimitScope::global) {
      entry.counters.store_unavailable = host_->define_counter(
          prefix + "store_unavailable", "Requests the state store could not answer for (on_store_unavailable decided)");
    }
    limits_.push_back(std::move(entry));
  }
}

int64_t RateLimiter::command_cost(uint32_t command_id) const noexcept {
  const auto found = command_costs_.find(command_id);
  return found == command_costs_.end() ? 0 : found->second;
}

bool RateLimiter::store_shared(int64_t now_ns) noexcept {
  const int64_t asked = store_kind_asked_ns_.load(std::memory_order_acquire);
  if (asked != kNeverAsked && now_ns - asked < kStoreKindRecheckNs) {
    return store_shared_.load(std::memory_order_relaxed);
  }
  const bool shared = host_->store_shared();
  store_shared_.store(shared, std::memory_order_relaxed);
  store_kind_asked_ns_.store(now_ns, std::memory_order_release);
  return shared;
}

void RateLimiter::count(const std::optional<uint32_t>& counter) const noexcept {
  if (counter) host_->count(*counter, 1);
}

template <class Takes>
void RateLimiter::give_back(const Takes& takes, int64_t cost) const {
  for (const auto& taken : takes) limits_[taken.limit].table->refund(taken.key, cost);
}

void RateLimiter::log_refusal(const Entry& entry, std::string_view key, int64_t cost, const char* why) const {
  if (!host_->log_enabled(Severity::debug)) return;
  try {
    host_->log(Severity::debug, "limit " + entry.limit.name() + " refused " + std::to_string(cost) + " part(s) for " +
                                    entry.limit.describe(key) + " (" + why + "): " +
                                    status_text(entry.limit.config().status));
  } catch (...) {
  }
}

std::optional<std::string_view> RateLimiter::key_of(uint32_t index, const RequestFacts& facts,
                                                   SessionKeys* session_keys, MadeKeys& made, size_t& hash) const {
  const Limit& limit = limits_[index].limit;
  if (session_keys != nullptr && limit.keyed_by_client_only() && !facts.client.empty()) {
    if (session_keys->size() < limits_.size()) session_keys->resize(limits_.size());
    SessionKey& kept = (*session_keys)[index];
    if (kept.key.empty()) {
      kept.key = limit.key_for(facts).value_or(std::string());
      kept.hash = LocalGcraTable::hash_of(kept.key);
    }
    hash = kept.hash;
    return kept.key;
  }
  std::optional<std::string> key = limit.key_for(facts);
  if (!key) return std::nullopt;
  const std::string& owned = made.emplace_back(std::move(*key));
  hash = LocalGcraTable::hash_of(owned);
  return owned;
}

RateLimiter::Decision RateLimiter::decide(const RequestFacts& facts, int64_t cost, int64_t now_ns,
                                          SessionKeys* session_keys) {
  Decision decision;
  if (cost <= 0) return decision;
  // Asked again while smppd runs, not once: the store is installed after the config is made, and
  // a node's own store (embedded) makes every global limit this process's alone.
  const bool store_shared = has_global_ && this->store_shared(now_ns);
  PendingTakes& pending = decision.pending;
  pending.cost = cost;
  // The local takes as views (of the session's keys or of `made`): copied only when the decision
  // waits for the store, the one case that needs them after this returns.
  struct Local {
    uint32_t limit = 0;
    std::string_view key;
  };
  boost::container::small_vector<Local, 4> locals;
  MadeKeys made;
  made.reserve(limits_.size());
  for (uint32_t i = 0; i < limits_.size(); ++i) {
    Entry& entry = limits_[i];
    size_t hash = 0;
    const std::optional<std::string_view> key = key_of(i, facts, session_keys, made, hash);
    if (!key) continue;  // the request has no value for one of the limit's keys
    if (entry.limit.global() && store_shared) {
      const GcraRate& rate = entry.limit.config().rate;
      pending.takes.push_back(GlobalTake{key_prefix_ + entry.limit.name() + "/" + std::string(*key), cost,
                                         std::max<int64_t>(1, rate.interval_ns / 1000), rate.burst});
      pending.globals.push_back({i, std::string(*key)});
      continue;
    }
    if (!entry.table->take(*key, hash, cost, now_ns)) {
      give_back(locals, cost);
      count(entry.counters.limited);
      log_refusal(entry, *key, cost, "local");
      decision.kind = Decision::Kind::refuse;
      decision.status = entry.limit.config().status;
      pending = PendingTakes{};
      return decision;
    }
    // Filled in place: a temporary's narrow stores stalled the wide loads that copied it.
    Local& taken = locals.emplace_back();
    taken.limit = i;
    taken.key = *key;
  }
  if (!pending.globals.empty()) {
    for (const Local& taken : locals) pending.locals.push_back({taken.limit, std::string(taken.key)});
    decision.kind = Decision::Kind::ask_store;
    return decision;
  }
  for (const Local& taken : locals) count(limits_[taken.limit].counters.allowed);
  return decision;
}

Outcome RateLimiter::finish(const PendingTakes& pending, const StoreAnswer& answer) {
  auto refuse = [&](const PendingTakes::Applied& by, const char* why) {
    const Entry& entry = limits_[by.limit];
    give_back(pending.locals, pending.cost);
    count(entry.counters.limited);
    log_refusal(entry, by.key, pending.cost, why);
    return Outcome{false, entry.limit.config().status};
  };
  switch (answer.kind) {
    case StoreAnswer::Kind::taken: break;
    case StoreAnswer::Kind::refused:
      if (answer.refused < pending.globals.size()) return refuse(pending.globals[answer.refused], "global");
      // An answer that names no take of ours: the store failed.
      return finish(pending, StoreAnswer{StoreAnswer::Kind::unavailable, 0, "the store refused no known take"});
    case StoreAnswer::Kind::unavailable: {
      const PendingTakes::Applied* denying = nullptr;
      for (const PendingTakes::Applied& asked : pending.globals) {
        count(limits_[asked.limit].counters.store_unavailable);
        if (denying == nullptr && limits_[asked.limit].limit.config().on_store_unavailable == StoreFailure::deny) {
          denying = &asked;
        }
      }
      if (host_->log_enabled(Severity::debug)) {
        host_->log(Severity::debug, "the state store did not answer for global limits (" + answer.why + "): " +
                                        (denying != nullptr ? "denying" : "allowing"));
      }
      if (denying != nullptr) return refuse(*denying, "store unavailable");
      break;
    }
  }
  for (const PendingTakes::Applied& taken : pending.locals) count(limits_[taken.limit].counters.allowed);
  for (const PendingTakes::Applied& taken : pending.globals) count(limits_[taken.limit].counters.allowed);
  return Outcome{};
}

size_t RateLimiter::local_keys(size_t index) const {
  const Entry& entry = limits_.at(index);
  return entry.table != nullptr ? entry.table->size() : 0;
}

uint64_t RateLimiter::local_evictions(size_t index) const {
  const Entry& entry = limits_.at(index);
  return entry.table != nullptr ? entry.table->evictions() : 0;
}

}  // namespace smppd::plugins::ratelimit
