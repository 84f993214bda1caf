#include "tools/smpp-bench/sink_options.h"

#include <fmt/format.h>

#include <charconv>

namespace smppd::tools::bench {

std::optional<IdFormat> parse_id_format(std::string_view text) {
  if (text == "hex") return IdFormat::hex;
  if (text == "decimal") return IdFormat::decimal;
  return std::nullopt;
}

std::optional<FailRule> parse_fail_rule(std::string_view text, std::string& error) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    error = fmt::format("'{}': expected STATUS:PERCENT, e.g. 0x45:10", text);
    return std::nullopt;
  }
  std::string_view status = text.substr(0, colon);
  const std::string_view percent = text.substr(colon + 1);
  int base = 10;
  if (status.starts_with("0x") || status.starts_with("0X")) {
    status.remove_prefix(2);
    base = 16;
  }
  FailRule rule;
  const auto [status_end, status_ec] = std::from_chars(status.data(), status.data() + status.size(), rule.command_status, base);
  const auto [percent_end, percent_ec] = std::from_chars(percent.data(), percent.data() + percent.size(), rule.percent);
  if (status.empty() || status_ec != std::errc() || status_end != status.data() + status.size()) {
    error = fmt::format("'{}': the status is not a number", text);
    return std::nullopt;
  }
  if (percent.empty() || percent_ec != std::errc() || percent_end != percent.data() + percent.size() ||
      rule.percent < 0 || rule.percent > 100) {
    error = fmt::format("'{}': the percent must be 0-100", text);
    return std::nullopt;
  }
  if (rule.command_status == 0) {
    error = fmt::format("'{}': ESME_ROK is not a failure", text);
    return std::nullopt;
  }
  return rule;
}

}  // namespace smppd::tools::bench
