#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smppd::tools {

inline constexpr uint8_t kTonInternational = 1;
inline constexpr uint8_t kTonAlphanumeric = 5;
inline constexpr uint8_t kNpiE164 = 1;
inline constexpr uint8_t kNpiUnknown = 0;

// An address with its type of number and numbering plan.
struct SmeAddress {
  uint8_t ton = kTonInternational;
  uint8_t npi = kNpiE164;
  std::string address;
};

// How operators type addresses on a command line: digits, with an optional leading '+' that is
// dropped, are international E.164 (TON 1, NPI 1); anything else is an alphanumeric sender
// (TON 5, NPI 0).
SmeAddress parse_sme_address(std::string_view text);

}  // namespace smppd::tools
