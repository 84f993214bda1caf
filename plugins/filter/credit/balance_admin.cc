#include "plugins/filter/credit/balance_admin.h"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <utility>
#include <vector>

#include "plugins/filter/credit/grant_book.h"
#include "smppd/cxx/admin.hpp"

namespace smppd::plugins::credit {

namespace state = cxx::state;
using cxx::json_quote;

namespace {

AdminReply error(uint32_t status, const std::string& message) { return {status, "{\"error\":" + json_quote(message) + "}"}; }

AdminReply store_error(const state::StateStatus& status) {
  return error(503, "the state store did not answer: " + status.to_string());
}

// A stored balance: decimal text; absent is 0.
std::optional<int64_t> parse_balance(const std::optional<std::string>& stored) {
  if (!stored) return 0;
  int64_t value = 0;
  const char* end = stored->data() + stored->size();
  const auto [stop, problem] = std::from_chars(stored->data(), end, value);
  if (problem != std::errc() || stop != end) return std::nullopt;
  return value;
}

// "2024-05-01T12:00:00.123Z"
std::string utc_time(int64_t realtime_ns) {
  const std::time_t seconds = static_cast<std::time_t>(realtime_ns / 1'000'000'000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[40];
  const size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>((realtime_ns / 1'000'000) % 1000));
  return std::string(text, length) + millis;
}

// `granted`: in grant mode, what this node holds of the account outside the balance.
std::string balance_json(const std::string& account, int64_t balance, int64_t threshold, std::optional<int64_t> granted) {
  return "{\"account\":" + json_quote(account) + ",\"balance\":" + std::to_string(balance) +
         ",\"low_balance_threshold\":" + std::to_string(threshold) +
         ",\"below_threshold\":" + (threshold > 0 && balance < threshold ? "true" : "false") +
         (granted ? ",\"granted\":" + std::to_string(*granted) : std::string()) + "}";
}

}  // namespace

std::optional<std::string> checked_account(const std::optional<std::string>& account) {
  if (!account || account->empty() || account->size() > 128) return std::nullopt;
  for (const char c : *account) {
    const auto octet = static_cast<unsigned char>(c);
    if (octet < 0x20 || octet == 0x7F) return std::nullopt;
  }
  return account;
}

std::optional<int64_t> checked_amount(const std::optional<std::string>& amount, int64_t minimum) {
  if (!amount || amount->empty() || amount->size() > 16) return std::nullopt;
  int64_t value = 0;
  for (const char c : *amount) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < minimum || value > kMaxAmount) return std::nullopt;
  return value;
}

struct BalanceAdmin::Change {
  std::string action;
  std::string account;
  std::string who;
  int64_t old_balance = 0;
  int64_t new_balance = 0;
  int64_t amount = 0;
};

BalanceAdmin::BalanceAdmin(std::shared_ptr<Ledger> ledger)
    : ledger_(std::move(ledger)),
      audit_file_(ledger_->config().audit_file.empty() ? nullptr
                                                        : std::make_shared<AuditFile>(ledger_->config().audit_file)) {}

void BalanceAdmin::balance(const AdminCall& call, ReplyFn reply) const {
  const auto account = checked_account(call.account);
  if (!account) return reply(error(400, "say ?account=<account> (1 to 128 characters)"));
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Get{ledger_->keys().balance(*account)});
  auto ledger = ledger_;
  const bool started = ledger->services().execute(std::move(ops), [ledger, name = *account, reply](state::BatchResult answer) {
    if (!answer.status.ok()) return reply(store_error(answer.status));
    const auto balance = parse_balance(answer.results.front().value);
    if (!balance) return reply(error(500, "the stored balance of " + name + " is not an integer"));
    ledger->low_balance().observe(name, *balance);
    std::optional<int64_t> granted;
    if (const GrantBook* grants = ledger->grants()) granted = grants->available(name);
    reply({200, balance_json(name, *balance, ledger->config().threshold_of(name), granted)});
  });
  if (!started) reply(error(503, "the state store took no request"));
}

void BalanceAdmin::topup(const AdminCall& call, ReplyFn reply) const {
  const auto account = checked_account(call.account);
  if (!account) return reply(error(400, "say ?account=<account> (1 to 128 characters)&amount=<minor units>"));
  const auto amount = checked_amount(call.amount, 1);
  if (!amount) return reply(error(400, "say &amount=<minor units>: an integer from 1 to 1000000000000000"));
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Increment{ledger_->keys().balance(*account), *amount, state::kNoFloor, kMaxAmount});
  ops.emplace_back(state::op::Delete{ledger_->keys().low(*account)});  // a later fall below sends its event again
  auto ledger = ledger_;
  auto file = audit_file_;
  Change change{"topup", *account, call.peer, 0, 0, *amount};
  const bool started = ledger->services().execute(std::move(ops), [ledger, file, change, reply](state::BatchResult answer) mutable {
    if (answer.status.code == state::StateCode::would_cross) {
      return reply(error(409, "the balance of " + change.account + " would pass 1000000000000000 (it is " +
                                  std::to_string(answer.results.front().number) + ")"));
    }
    if (!answer.status.ok()) return reply(store_error(answer.status));
    change.new_balance = answer.results.front().number;
    change.old_balance = change.new_balance - change.amount;
    finish(ledger, file, std::move(change), std::move(reply));
  });
  if (!started) reply(error(503, "the state store took no request"));
}

void BalanceAdmin::set(const AdminCall& call, ReplyFn reply) const {
  const auto account = checked_account(call.account);
  if (!account) return reply(error(400, "say ?account=<account> (1 to 128 characters)&amount=<minor units>"));
  const auto amount = checked_amount(call.amount, 0);
  if (!amount) return reply(error(400, "say &amount=<minor units>: an integer from 0 to 1000000000000000"));
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Get{ledger_->keys().balance(*account)});
  ops.emplace_back(state::op::Set{ledger_->keys().balance(*account), std::to_string(*amount)});
  ops.emplace_back(state::op::Delete{ledger_->keys().low(*account)});
  auto ledger = ledger_;
  auto file = audit_file_;
  Change change{"set", *account, call.peer, 0, *amount, *amount};
  const bool started = ledger->services().execute(std::move(ops), [ledger, file, change, reply](state::BatchResult answer) mutable {
    if (!answer.status.ok()) return reply(store_error(answer.status));
    // A value that was not a balance is replaced all the same; the audit line says -1 for it.
    change.old_balance = parse_balance(answer.results.front().value).value_or(-1);
    finish(ledger, file, std::move(change), std::move(reply));
  });
  if (!started) reply(error(503, "the state store took no request"));
}

void BalanceAdmin::finish(const std::shared_ptr<Ledger>& ledger, const std::shared_ptr<AuditFile>& file, Change change,
                          ReplyFn reply) {
  HostServices& services = ledger->services();
  services.count(Stat::admin_changes);
  ledger->low_balance().observe(change.account, change.new_balance);
  const std::string line = "{\"time\":" + json_quote(utc_time(services.realtime_ns())) +
                           ",\"who\":" + json_quote(change.who.empty() ? "unknown" : change.who) +
                           ",\"action\":" + json_quote(change.action) + ",\"account\":" + json_quote(change.account) +
                           ",\"old\":" + std::to_string(change.old_balance) +
                           ",\"new\":" + std::to_string(change.new_balance) +
                           ",\"amount\":" + std::to_string(change.amount) + "}";
  services.audit(line);
  std::string body = "{\"account\":" + json_quote(change.account) + ",\"old_balance\":" +
                     std::to_string(change.old_balance) + ",\"balance\":" + std::to_string(change.new_balance) +
                     ",\"amount\":" + std::to_string(change.amount);
  if (!file) return reply({200, body + "}"});

  auto write = [ledger, file, line, body, reply] {
    const std::string problem = file->append(line);
    if (problem.empty()) return reply({200, body + "}"});
    ledger->services().count(Stat::audit_file_failures);
    ledger->services().log(Severity::error, "audit file: " + problem + " (the audit log has the line)");
    reply({200, body + ",\"audit_file_error\":" + json_quote(problem) + "}"});
  };
  if (!services.run_blocking(write)) write();  // the pool is full: write here rather than not at all
}

}  // namespace smppd::plugins::credit
