#pragma once

#include <string>
#include <string_view>

namespace smppd::plugins::credit {

// Where the credit plugin keeps things in the state store, under its key prefix ("credit/"):
//   <prefix>balance/<account>  the balance in minor units (decimal, as INCREMENT keeps it)
//   <prefix>resv/<id>          a reservation: its cost until committed (deleted) or "refunded"
//   <prefix>low/<account>      set while an account's low-balance event has been sent
class StateKeys {
 public:
  explicit StateKeys(std::string prefix) : prefix_(std::move(prefix)) {}

  std::string balance(std::string_view account) const { return prefix_ + "balance/" + std::string(account); }
  std::string reservation(std::string_view id) const { return prefix_ + "resv/" + std::string(id); }
  std::string low(std::string_view account) const { return prefix_ + "low/" + std::string(account); }

 private:
  std::string prefix_;
};

// The value a refunded reservation keeps until it expires: a second refund finds it and stops.
inline constexpr std::string_view kRefunded = "refunded";

// The state store channel of low-balance events.
inline constexpr std::string_view kLowBalanceChannel = "credit.low";

}  // namespace smppd::plugins::credit
