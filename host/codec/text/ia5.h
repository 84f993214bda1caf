#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smppd::codec {

// IA5 (data_coding 1), taken as US-ASCII: the national variants of IA5 are not seen in SMPP.

// nullopt for a character above U+007F or malformed UTF-8.
std::optional<std::string> ia5_from_utf8(std::string_view utf8);

// Octets 0x80-0xFF are not IA5: each becomes U+FFFD and sets `lossy`.
std::string ia5_to_utf8(std::string_view ia5);
std::string ia5_to_utf8(std::string_view ia5, bool& lossy);

}  // namespace smppd::codec
