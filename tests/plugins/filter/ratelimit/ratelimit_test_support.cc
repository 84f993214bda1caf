#include "tests/plugins/filter/ratelimit/ratelimit_test_support.h"

namespace smppd::plugins::ratelimit::testing {

smppd::testing::SessionInfo client(const std::string& system_id, const std::string& peer_address, uint64_t session_id) {
  smppd::testing::SessionInfo info;
  info.bind_type = SMPPD_BIND_TRANSCEIVER;
  info.system_id = system_id;
  info.peer_address = peer_address;
  info.session_id = session_id;
  return info;
}

std::unique_ptr<smppd::testing::FakeMessage> submit_sm(std::string_view destination, std::string_view text,
                                                       std::string_view source) {
  auto message = std::make_unique<smppd::testing::FakeMessage>(SMPPD_CMD_SUBMIT_SM);
  message->set_string(SMPPD_F_SOURCE_ADDR, source)
      .set_string(SMPPD_F_DESTINATION_ADDR, destination)
      .set_int(SMPPD_F_DATA_CODING, 0)
      .set_int(SMPPD_F_ESM_CLASS, 0)
      .set_string(SMPPD_F_SHORT_MESSAGE, text);
  return message;
}

std::string utf16be(std::u16string_view text) {
  std::string octets;
  for (const char16_t unit : text) {
    octets += static_cast<char>(unit >> 8);
    octets += static_cast<char>(unit & 0xFF);
  }
  return octets;
}

}  // namespace smppd::plugins::ratelimit::testing
