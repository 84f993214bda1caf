#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::mock {

// UTF-8 text to the GSM 03.38 default alphabet, one septet per octet as SMPP's short_message
// carries it with data_coding 0 (extension characters as 0x1B and their code). nullopt when the
// text is not UTF-8 or has a character the alphabet lacks. The MO text is checked at config time.
std::optional<std::string> encode_gsm7(std::string_view utf8);

}  // namespace smppd::plugins::mock
