#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fake_host.h"

namespace smppd::plugins::ratelimit::testing {

// A session bound as `system_id` from `peer_address`.
smppd::testing::SessionInfo client(const std::string& system_id, const std::string& peer_address = "127.0.0.1",
                                   uint64_t session_id = 1);

// A submit_sm of GSM-7 text (data_coding 0, one septet per octet) in short_message.
std::unique_ptr<smppd::testing::FakeMessage> submit_sm(std::string_view destination = "447700900123",
                                                       std::string_view text = "hello",
                                                       std::string_view source = "BRAND");

// UTF-16 big-endian octets of UTF-8 text (for UCS-2 messages, data_coding 8).
std::string utf16be(std::u16string_view text);

}  // namespace smppd::plugins::ratelimit::testing
