#include "host/codec/text/gsm7.h"

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "host/codec/text/utf8.h"

namespace smppd::codec {
namespace {

// 3GPP TS 23.038 §6.2.1, indexed by septet. 0x1B is the escape: its entry is the space 23.038 says
// to display for an escape that leads to nothing defined, and the encoder skips it.
// clang-format off
constexpr std::array<char16_t, 128> kBasicTable = {
    u'@',    u'\u00A3', u'$',     u'\u00A5', u'\u00E8', u'\u00E9', u'\u00F9', u'\u00EC',  // 00
    u'\u00F2', u'\u00C7', u'\n',  u'\u00D8', u'\u00F8', u'\r',    u'\u00C5', u'\u00E5',  // 08
    u'\u0394', u'_',    u'\u03A6', u'\u0393', u'\u039B', u'\u03A9', u'\u03A0', u'\u03A8',  // 10
    u'\u03A3', u'\u0398', u'\u039E', u' ',   u'\u00C6', u'\u00E6', u'\u00DF', u'\u00C9',  // 18
    u' ',    u'!',     u'"',     u'#',     u'\u00A4', u'%',     u'&',     u'\'',     // 20
    u'(',    u')',     u'*',     u'+',     u',',     u'-',     u'.',     u'/',      // 28
    u'0',    u'1',     u'2',     u'3',     u'4',     u'5',     u'6',     u'7',      // 30
    u'8',    u'9',     u':',     u';',     u'<',     u'=',     u'>',     u'?',      // 38
    u'\u00A1', u'A',    u'B',     u'C',     u'D',     u'E',     u'F',     u'G',      // 40
    u'H',    u'I',     u'J',     u'K',     u'L',     u'M',     u'N',     u'O',      // 48
    u'P',    u'Q',     u'R',     u'S',     u'T',     u'U',     u'V',     u'W',      // 50
    u'X',    u'Y',     u'Z',     u'\u00C4', u'\u00D6', u'\u00D1', u'\u00DC', u'\u00A7',  // 58
    u'\u00BF', u'a',    u'b',     u'c',     u'd',     u'e',     u'f',     u'g',      // 60
    u'h',    u'i',     u'j',     u'k',     u'l',     u'm',     u'n',     u'o',      // 68
    u'p',    u'q',     u'r',     u's',     u't',     u'u',     u'v',     u'w',      // 70
    u'x',    u'y',     u'z',     u'\u00E4', u'\u00F6', u'\u00F1', u'\u00FC', u'\u00E0',  // 78
};
// clang-format on

struct ExtensionCharacter {
  uint8_t code;
  char16_t character;
};

constexpr std::array<ExtensionCharacter, 10> kExtensionTable = {{
    {0x0A, u'\f'},
    {0x14, u'^'},
    {0x28, u'{'},
    {0x29, u'}'},
    {0x2F, u'\\'},
    {0x3C, u'['},
    {0x3D, u'~'},
    {0x3E, u']'},
    {0x40, u'|'},
    {0x65, u'\u20AC'},
}};

// One character's GSM-7 form: a septet, or ESC + extension code.
struct Gsm7Form {
  uint8_t septet = 0;
  bool extension = false;
};

// Reverse lookup for U+0000..U+00FF, where nearly all traffic is; built from the tables above so
// the two directions cannot disagree. 0 = no form, else 0x100 | septet or 0x200 | extension code.
constexpr std::array<uint16_t, 256> kLatinReverse = [] {
  std::array<uint16_t, 256> reverse{};
  for (size_t septet = 0; septet < kBasicTable.size(); ++septet) {
    if (septet == kGsm7Escape) continue;
    const char16_t character = kBasicTable[septet];
    if (character < 256) reverse[character] = static_cast<uint16_t>(0x100 | septet);
  }
  for (const auto& entry : kExtensionTable) {
    if (entry.character < 256) reverse[entry.character] = static_cast<uint16_t>(0x200 | entry.code);
  }
  return reverse;
}();

// The septets whose character is one ASCII octet, that octet; 0 for the others and the escape.
constexpr std::array<char, 128> kAsciiOf = [] {
  std::array<char, 128> ascii{};
  for (size_t septet = 0; septet < ascii.size(); ++septet) {
    if (septet != kGsm7Escape && kBasicTable[septet] < 0x80) ascii[septet] = static_cast<char>(kBasicTable[septet]);
  }
  return ascii;
}();

std::optional<Gsm7Form> gsm7_form_of(char32_t code_point) {
  if (code_point < kLatinReverse.size()) {
    const uint16_t entry = kLatinReverse[code_point];
    if (entry == 0) return std::nullopt;
    return Gsm7Form{static_cast<uint8_t>(entry & 0x7F), (entry & 0x200) != 0};
  }
  // Greek capitals and the euro sign: too few to deserve a table.
  for (size_t septet = 0; septet < kBasicTable.size(); ++septet) {
    if (septet != kGsm7Escape && kBasicTable[septet] == code_point) {
      return Gsm7Form{static_cast<uint8_t>(septet), false};
    }
  }
  for (const auto& entry : kExtensionTable) {
    if (entry.character == code_point) return Gsm7Form{entry.code, true};
  }
  return std::nullopt;
}

std::optional<char16_t> extension_character(uint8_t code) {
  for (const auto& entry : kExtensionTable) {
    if (entry.code == code) return entry.character;
  }
  return std::nullopt;
}

// Whether the 16 septets at `in` are all their own ASCII octets: ' ' to '#', '%' to '?', 'A' to
// 'Z', 'a' to 'z', LF, CR. Without SSE2: false (the table, one septet at a time).
bool identical_16(const char* in) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  // Signed compares: an octet from 0x80 up is negative, so in no range.
  const auto within = [v](char low, char high) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(low - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(high + 1))));
  };
  const __m128i letters = _mm_or_si128(within('A', 'Z'), within('a', 'z'));
  const __m128i signs = _mm_or_si128(within(' ', '#'), within('%', '?'));
  const __m128i lines = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
  return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letters, signs), lines)) == 0xFFFF;
#else
  (void)in;
  return false;
#endif
}

// The septets that are their own ASCII octet (the blocks above, and kAsciiOf for the rest).
bool identical(uint8_t septet) { return septet < 0x80 && kAsciiOf[septet] == static_cast<char>(septet); }

// Writes a character of the Basic Multilingual Plane (every one of both tables, and U+FFFD) as
// UTF-8 at `out`: at most 3 octets.
char* put_bmp_utf8(char* out, char16_t character) {
  const auto c = static_cast<uint32_t>(character);
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

}  // namespace

std::optional<std::string> gsm7_from_utf8(std::string_view utf8) {
  std::string septets;
  septets.reserve(utf8.size());
  while (!utf8.empty()) {
    const auto form = gsm7_form_of(next_code_point(utf8));
    if (!form) return std::nullopt;
    if (form->extension) septets.push_back(static_cast<char>(kGsm7Escape));
    septets.push_back(static_cast<char>(form->septet));
  }
  return septets;
}

bool gsm7_can_encode(char32_t code_point) { return gsm7_form_of(code_point).has_value(); }

bool gsm7_can_encode(std::string_view utf8) { return gsm7_septet_count(utf8).has_value(); }

std::optional<size_t> gsm7_septet_count(std::string_view utf8) {
  size_t count = 0;
  while (!utf8.empty()) {
    const auto form = gsm7_form_of(next_code_point(utf8));
    if (!form) return std::nullopt;
    count += form->extension ? 2 : 1;
  }
  return count;
}

size_t gsm7_identical_prefix(std::string_view septets) {
  size_t i = 0;
  while (i + 16 <= septets.size() && identical_16(septets.data() + i)) i += 16;
  while (i < septets.size() && identical(static_cast<uint8_t>(septets[i]))) ++i;
  return i;
}

std::string gsm7_to_utf8(std::string_view septets) {
  bool lossy = false;
  return gsm7_to_utf8(septets, lossy);
}

std::string gsm7_to_utf8(std::string_view septets, bool& lossy) {
  lossy = false;
  // Every message a filter reads is decoded. Most texts are ASCII letters, digits and punctuation,
  // one octet each: written into a string of the text's own length while they last, the leading
  // ones that are their own octets copied at once.
  std::string utf8(septets.size(), '\0');
  size_t i = gsm7_identical_prefix(septets);
  std::copy_n(septets.data(), i, utf8.data());
  for (; i < septets.size(); ++i) {
    const auto septet = static_cast<uint8_t>(septets[i]);
    const char ascii = septet < 0x80 ? kAsciiOf[septet] : '\0';
    if (ascii == '\0') break;
    utf8[i] = ascii;
  }
  if (i == septets.size()) return utf8;
  // The rest into room for the widest case (3 octets per septet), then cut to what was written.
  utf8.resize(i + (septets.size() - i) * 3);
  char* out = utf8.data() + i;
  for (; i < septets.size(); ++i) {
    const auto septet = static_cast<uint8_t>(septets[i]);
    if (septet >= 0x80) {
      lossy = true;
      out = put_bmp_utf8(out, static_cast<char16_t>(kReplacementCharacter));
      continue;
    }
    if (septet != kGsm7Escape) {
      out = put_bmp_utf8(out, kBasicTable[septet]);
      continue;
    }
    // A lone ESC, ESC ESC and ESC + an undefined code all fall back to the basic table.
    const auto code = i + 1 < septets.size() ? static_cast<uint8_t>(septets[++i]) : kGsm7Escape;
    if (const auto character = extension_character(code)) {
      out = put_bmp_utf8(out, *character);
      continue;
    }
    lossy = true;
    out = put_bmp_utf8(out, code >= 0x80 ? static_cast<char16_t>(kReplacementCharacter) : kBasicTable[code]);
  }
  utf8.resize(static_cast<size_t>(out - utf8.data()));
  return utf8;
}

std::string gsm7_pack(std::string_view septets, unsigned fill_bits) {
  // Fill bits only pad the text; with no text there is nothing to pad.
  if (septets.empty()) return {};
  const size_t fill = std::min(fill_bits, 6u);
  std::string packed((fill + 7 * septets.size() + 7) / 8, '\0');
  const auto add_bits = [&packed](size_t octet, unsigned bits) {
    packed[octet] = static_cast<char>(static_cast<uint8_t>(packed[octet]) | (bits & 0xFF));
  };
  size_t bit = fill;
  for (const char c : septets) {
    const unsigned septet = static_cast<uint8_t>(c) & 0x7F;
    const size_t octet = bit / 8;
    const size_t shift = bit % 8;
    add_bits(octet, septet << shift);
    // A septet starting above bit 1 of an octet spills its high bits into the next octet.
    if (shift > 1) add_bits(octet + 1, septet >> (8 - shift));
    bit += 7;
  }
  return packed;
}

std::string gsm7_unpack(std::string_view packed, size_t septet_count, unsigned fill_bits) {
  const size_t fill = std::min(fill_bits, 6u);
  const size_t available_bits = packed.size() * 8;
  if (available_bits < fill) return {};
  const size_t count = std::min(septet_count, (available_bits - fill) / 7);
  std::string septets(count, '\0');
  size_t bit = fill;
  for (size_t i = 0; i < count; ++i) {
    const size_t octet = bit / 8;
    const size_t shift = bit % 8;
    unsigned value = static_cast<uint8_t>(packed[octet]) >> shift;
    if (shift > 1) value |= static_cast<unsigned>(static_cast<uint8_t>(packed[octet + 1])) << (8 - shift);
    septets[i] = static_cast<char>(value & 0x7F);
    bit += 7;
  }
  return septets;
}

unsigned gsm7_fill_bits(size_t udh_length) { return static_cast<unsigned>((7 - (udh_length * 8) % 7) % 7); }

}  // namespace smppd::codec
