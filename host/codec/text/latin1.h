#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smppd::codec {

// ISO-8859-1 (data_coding 3): octet n is U+00nn, so decoding never loses anything.

// nullopt for a character above U+00FF or malformed UTF-8.
std::optional<std::string> latin1_from_utf8(std::string_view utf8);

std::string latin1_to_utf8(std::string_view latin1);

}  // namespace smppd::codec
