#include "plugins/filter/credit/low_balance_watch.h"

#include <utility>
#include <vector>

#include "smppd/cxx/admin.hpp"

namespace smppd::plugins::credit {

namespace state = cxx::state;

LowBalanceWatch::LowBalanceWatch(const CreditConfig& config, std::shared_ptr<HostServices> services)
    : config_(config), services_(std::move(services)), keys_(config.key_prefix) {}

void LowBalanceWatch::observe(std::string_view account, int64_t balance) {
  const int64_t threshold = config_.threshold_of(account);
  if (threshold <= 0) return;
  int64_t below = 0;
  {
    std::lock_guard lock(mutex_);
    const auto known = below_.find(account);
    if (balance < threshold && known == below_.end()) {
      below_.emplace(account);
    } else if (balance >= threshold && known != below_.end()) {
      below_.erase(known);
    } else {
      return;
    }
    below = static_cast<int64_t>(below_.size());
  }
  services_->set_accounts_below_threshold(below);
}

void LowBalanceWatch::after_reservation(const std::string& account, int64_t balance, int64_t cost) {
  observe(account, balance);
  const int64_t threshold = config_.threshold_of(account);
  if (threshold <= 0 || balance >= threshold || balance + cost < threshold) return;
  const std::string event = "{\"account\":" + cxx::json_quote(account) + ",\"balance\":" + std::to_string(balance) +
                            ",\"threshold\":" + std::to_string(threshold) +
                            ",\"time_ms\":" + std::to_string(services_->realtime_ns() / 1'000'000) + "}";
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::SetIfAbsent{keys_.low(account), std::to_string(balance)});
  ops.emplace_back(state::op::Publish{std::string(kLowBalanceChannel), event});
  auto services = services_;
  const bool started = services->execute(std::move(ops), [services, account, balance, threshold](state::BatchResult answer) {
    if (answer.status.code == state::StateCode::exists) {
      if (services->log_enabled(Severity::debug)) {
        services->log(Severity::debug, "account " + account + " is below its threshold again; its event was sent already");
      }
      return;
    }
    if (!answer.status.ok()) {
      services->log(Severity::warn, "account " + account + " went below its low-balance threshold (balance " +
                                        std::to_string(balance) + ", threshold " + std::to_string(threshold) +
                                        ") but the event could not be recorded: " + answer.status.to_string());
      return;
    }
    services->count(Stat::low_balance_events);
    services->log(Severity::warn, "low balance: account " + account + " has " + std::to_string(balance) +
                                      ", below its threshold " + std::to_string(threshold));
  });
  if (!started) {
    services_->log(Severity::warn, "account " + account + " went below its low-balance threshold (balance " +
                                       std::to_string(balance) + ") but the state store took no event");
  }
}

}  // namespace smppd::plugins::credit
