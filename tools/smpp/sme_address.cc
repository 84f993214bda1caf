#include "tools/smpp/sme_address.h"

#include <algorithm>

namespace smppd::tools {

SmeAddress parse_sme_address(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  const bool numeric =
      !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric) return SmeAddress{kTonInternational, kNpiE164, std::string(digits)};
  return SmeAddress{kTonAlphanumeric, kNpiUnknown, std::string(text)};
}

}  // namespace smppd::tools
