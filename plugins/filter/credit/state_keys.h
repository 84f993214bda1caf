#pragma once

#include <string>
#include <string_view>

namespace smppd::plugins::credit {

// Where the credit plugin keeps things in the state store, under its key prefix ("credit/"):
//   <prefix>balance/<account>  the balance in minor units (decimal, as INCREMENT keeps it)
//   <prefix>resv/<id>          a reservation: its cost until committed (deleted) or "refunded"
//   <prefix>low/<account>      set while an account's low-balance event has been sent
// and in grant mode (grant_book.h), <node> being a process's nonce (16 hex digits):
//   <prefix>grant/<account>/<node>  what the node took from the balance and has not yet spent
//                                   (flushed) or given back
//   <prefix>grants                  a set of "<node>/<account>": where to look for a dead node's grants
//   <prefix>lease/<node>            present (short TTL) while the node lives
class StateKeys {
 public:
  explicit StateKeys(std::string prefix) : prefix_(std::move(prefix)) {}

  std::string balance(std::string_view account) const { return prefix_ + "balance/" + std::string(account); }
  std::string reservation(std::string_view id) const { return prefix_ + "resv/" + std::string(id); }
  std::string low(std::string_view account) const { return prefix_ + "low/" + std::string(account); }
  std::string grant(std::string_view account, std::string_view node) const {
    return prefix_ + "grant/" + std::string(account) + "/" + std::string(node);
  }
  std::string grants() const { return prefix_ + "grants"; }
  std::string lease(std::string_view node) const { return prefix_ + "lease/" + std::string(node); }

 private:
  std::string prefix_;
};

// The value a refunded reservation keeps until it expires: a second refund finds it and stops.
inline constexpr std::string_view kRefunded = "refunded";

// The state store channel of low-balance events.
inline constexpr std::string_view kLowBalanceChannel = "credit.low";

}  // namespace smppd::plugins::credit
