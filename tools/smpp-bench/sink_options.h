#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::tools::bench {

enum class IdFormat : uint8_t { hex, decimal };

std::optional<IdFormat> parse_id_format(std::string_view text);

// A command_status answered to a share of the submits (--fail-status 0x45:10).
struct FailRule {
  uint32_t command_status = 0;
  double percent = 0;
};

// "0x45:10" or "69:2.5": status in hex (0x...) or decimal, then the percent of submits.
std::optional<FailRule> parse_fail_rule(std::string_view text, std::string& error);

// `smpp-bench sink`: an SMSC that accepts any bind and answers every submit_sm at once.
struct SinkOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 2775;  // 0: any free port (SinkServer::port() says which)
  uint32_t threads = 1;
  // The system_id in our bind_resps.
  std::string system_id = "smpp-bench";
  bool receipts = false;
  std::chrono::milliseconds receipt_delay{0};
  std::string receipt_stat = "DELIVRD";
  // A receipt refused for now (deliver_sm_resp ESME_RX_T_APPN, ESME_RTHROTTLED or ESME_RMSGQFUL)
  // is sent again after this, as an SMSC retries; 0: never (counted as an error).
  std::chrono::milliseconds receipt_retry{1000};
  // Every Nth submit of a session is answered ESME_RTHROTTLED; 0: never.
  uint64_t throttle_every = 0;
  std::vector<FailRule> fail_rules;
  // Submits never answered, to exercise the client's response timeout.
  double drop_percent = 0;
  IdFormat id_format = IdFormat::hex;
  std::chrono::milliseconds report_every{0};
};

}  // namespace smppd::tools::bench
