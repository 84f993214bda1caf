// A delivery receipt's text split into its Appendix B fields, for the mock's tests.
#pragma once

#include <optional>
#include <regex>
#include <string>

namespace smppd::plugins::mock::testing {

struct ReceiptFields {
  std::string id;
  std::string sub;
  std::string dlvrd;
  std::string submit_date;
  std::string done_date;
  std::string stat;
  std::string err;
  std::string text;
};

inline std::optional<ReceiptFields> parse_receipt(const std::string& text) {
  static const std::regex pattern(
      R"(^id:(\S+) sub:(\d{3}) dlvrd:(\d{3}) submit date:(\d{10}) done date:(\d{10}) stat:([A-Z]{7}) err:(\d{3}) text:([\s\S]*)$)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) return std::nullopt;
  return ReceiptFields{match[1], match[2], match[3], match[4], match[5], match[6], match[7], match[8]};
}

}  // namespace smppd::plugins::mock::testing
