#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "plugins/filter/credit/audit_file.h"
#include "plugins/filter/credit/ledger.h"

namespace smppd::plugins::credit {

// An admin request as the credit paths read it: the decoded query parameters and who asked.
struct AdminCall {
  std::optional<std::string> account;
  std::optional<std::string> amount;
  std::string peer;  // "192.0.2.1:53124"; empty when the host cannot say
};

// An answer: status and JSON body.
struct AdminReply {
  uint32_t status = 200;
  std::string body;
};
// Called once, at once (a bad request) or later from a host thread (a state store answer).
using ReplyFn = std::function<void(AdminReply)>;

// The admin paths under /plugins/credit/ over one ledger's store:
//   GET  balance?account=X           the balance
//   POST topup?account=X&amount=N    adds N (1 to 10^15) minor units
//   POST set?account=X&amount=N      sets the balance to N (0 to 10^15)
// Each change writes an audit line (who, account, old -> new, amount) at info on the plugin's
// "audit" logger and, when configured, to the audit file before the answer. Bad input answers
// 400, a store that cannot be reached 503, a top-up past 10^15 409.
class BalanceAdmin {
 public:
  explicit BalanceAdmin(std::shared_ptr<Ledger> ledger);

  void balance(const AdminCall& call, ReplyFn reply) const;
  void topup(const AdminCall& call, ReplyFn reply) const;
  void set(const AdminCall& call, ReplyFn reply) const;

 private:
  struct Change;
  static void finish(const std::shared_ptr<Ledger>& ledger, const std::shared_ptr<AuditFile>& file, Change change,
                     ReplyFn reply);

  std::shared_ptr<Ledger> ledger_;
  std::shared_ptr<AuditFile> audit_file_;  // null when the config names none
};

// The account parameter, checked: 1 to 128 octets without control characters.
std::optional<std::string> checked_account(const std::optional<std::string>& account);
// The amount parameter: decimal digits only, from `minimum` to 10^15.
std::optional<int64_t> checked_amount(const std::optional<std::string>& amount, int64_t minimum);

}  // namespace smppd::plugins::credit
