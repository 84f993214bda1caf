#include "plugins/upstream/mock/gsm7_encoder.h"

#include <array>
#include <cstdint>

namespace smppd::plugins::mock {
namespace {

// 3GPP TS 23.038 default alphabet by septet; 0x1B is the escape to the extension table.
constexpr std::array<char32_t, 128> kBasic = {
    U'@',      U'\u00A3', U'$',      U'\u00A5', U'\u00E8', U'\u00E9', U'\u00F9', U'\u00EC',  // 0x00
    U'\u00F2', U'\u00C7', U'\n',     U'\u00D8', U'\u00F8', U'\r',     U'\u00C5', U'\u00E5',  // 0x08
    U'\u0394', U'_',      U'\u03A6', U'\u0393', U'\u039B', U'\u03A9', U'\u03A0', U'\u03A8',  // 0x10
    U'\u03A3', U'\u0398', U'\u039E', 0,         U'\u00C6', U'\u00E6', U'\u00DF', U'\u00C9',  // 0x18
    U' ',      U'!',      U'"',      U'#',      U'\u00A4', U'%',      U'&',      U'\'',      // 0x20
    U'(',      U')',      U'*',      U'+',      U',',      U'-',      U'.',      U'/',       // 0x28
    U'0',      U'1',      U'2',      U'3',      U'4',      U'5',      U'6',      U'7',       // 0x30
    U'8',      U'9',      U':',      U';',      U'<',      U'=',      U'>',      U'?',       // 0x38
    U'\u00A1', U'A',      U'B',      U'C',      U'D',      U'E',      U'F',      U'G',       // 0x40
    U'H',      U'I',      U'J',      U'K',      U'L',      U'M',      U'N',      U'O',       // 0x48
    U'P',      U'Q',      U'R',      U'S',      U'T',      U'U',      U'V',      U'W',       // 0x50
    U'X',      U'Y',      U'Z',      U'\u00C4', U'\u00D6', U'\u00D1', U'\u00DC', U'\u00A7',  // 0x58
    U'\u00BF', U'a',      U'b',      U'c',      U'd',      U'e',      U'f',      U'g',       // 0x60
    U'h',      U'i',      U'j',      U'k',      U'l',      U'm',      U'n',      U'o',       // 0x68
    U'p',      U'q',      U'r',      U's',      U't',      U'u',      U'v',      U'w',       // 0x70
    U'x',      U'y',      U'z',      U'\u00E4', U'\u00F6', U'\u00F1', U'\u00FC', U'\u00E0',  // 0x78
};

struct Extension {
  char32_t character;
  uint8_t code;
};
constexpr Extension kExtensions[] = {{U'\f', 0x0A}, {U'^', 0x14},  {U'{', 0x28}, {U'}', 0x29}, {U'\\', 0x2F},
                                     {U'[', 0x3C},  {U'~', 0x3D},  {U']', 0x3E}, {U'|', 0x40}, {U'\u20AC', 0x65}};

// The next code point of `text` from `at`, advancing it; nullopt for malformed UTF-8.
std::optional<char32_t> next_code_point(std::string_view text, size_t& at) {
  const auto lead = static_cast<uint8_t>(text[at]);
  size_t length = 1;
  char32_t value = lead;
  if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
  } else if (lead >= 0xE0) {
    length = 3;
    value = lead & 0x0F;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0x80) {
    return std::nullopt;
  }
  if (at + length > text.size()) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    const auto continuation = static_cast<uint8_t>(text[at + i]);
    if ((continuation & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (continuation & 0x3F);
  }
  at += length;
  return value;
}

}  // namespace

std::optional<std::string> encode_gsm7(std::string_view utf8) {
  std::string septets;
  for (size_t at = 0; at < utf8.size();) {
    const std::optional<char32_t> character = next_code_point(utf8, at);
    if (!character) return std::nullopt;
    bool found = false;
    for (size_t code = 0; code < kBasic.size() && !found; ++code) {
      if (code != 0x1B && kBasic[code] == *character) {
        septets += static_cast<char>(code);
        found = true;
      }
    }
    for (const Extension& extension : kExtensions) {
      if (found) break;
      if (extension.character == *character) {
        septets += '\x1B';
        septets += static_cast<char>(extension.code);
        found = true;
      }
    }
    if (!found) return std::nullopt;
  }
  return septets;
}

}  // namespace smppd::plugins::mock
