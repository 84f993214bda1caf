#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "plugins/filter/credit/credit_config.h"
#include "plugins/filter/credit/host_services.h"
#include "plugins/filter/credit/state_keys.h"

namespace smppd::plugins::credit {

// Low balances. An event (a warn line, a counter, a message on the state channel "credit.low") is
// sent when a reservation takes an account from at or above its threshold to below it, once per
// such crossing in the whole deployment: the atomic reservation tells exactly one node it
// crossed, and the mark <prefix>low/<account> (set with the event, cleared by an admin top-up or
// set) keeps a refund and the next reservation around the threshold from sending it again.
// Thread-safe.
class LowBalanceWatch {
 public:
  LowBalanceWatch(const CreditConfig& config, std::shared_ptr<HostServices> services);

  // A balance this node saw for `account` (after a reservation, a refund, an admin change): the
  // gauge of accounts below their threshold follows it.
  void observe(std::string_view account, int64_t balance);
  // A reservation of `cost` left `balance`: the event when that crossed the threshold.
  void after_reservation(const std::string& account, int64_t balance, int64_t cost);

 private:
  const CreditConfig& config_;
  std::shared_ptr<HostServices> services_;
  StateKeys keys_;
  std::mutex mutex_;
  std::set<std::string, std::less<>> below_;
};

}  // namespace smppd::plugins::credit
