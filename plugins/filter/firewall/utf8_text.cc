#include "plugins/filter/firewall/utf8_text.h"

namespace smppd::plugins::firewall {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

}  // namespace

char32_t next_code_point(std::string_view text, size_t* at) noexcept {
  const size_t i = *at;
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    *at = i + 1;
    return lead;
  }
  size_t length = 0;
  char32_t c = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    c = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    c = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    c = lead & 0x07;
    minimum = 0x10000;
  } else {
    *at = i + 1;
    return kReplacement;
  }
  if (i + length > text.size()) {
    *at = i + 1;
    return kReplacement;
  }
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if (!is_continuation(next)) {
      *at = i + 1;
      return kReplacement;
    }
    c = (c << 6) | (next & 0x3F);
  }
  if (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *at = i + 1;
    return kReplacement;
  }
  *at = i + length;
  return c;
}

char32_t code_point_before(std::string_view text, size_t end) noexcept {
  if (end == 0 || end > text.size()) return 0;
  size_t start = end - 1;
  // At most three continuation octets precede the lead octet.
  while (start > 0 && end - start < 4 && is_continuation(static_cast<unsigned char>(text[start]))) --start;
  size_t at = start;
  const char32_t c = next_code_point(text, &at);
  return at == end ? c : kReplacement;
}

bool is_valid_utf8(std::string_view text) noexcept {
  // Most texts are ASCII: one pass the compiler vectorizes, before decoding any code point.
  unsigned seen = 0;
  for (const char c : text) seen |= static_cast<unsigned char>(c);
  if ((seen & 0x80) == 0) return true;
  for (size_t at = 0; at < text.size();) {
    const size_t before = at;
    const char32_t c = next_code_point(text, &at);
    // A genuine U+FFFD is three octets; a replacement for a malformed octet consumes one.
    if (c == kReplacement && at - before == 1) return false;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t before = at;
    const char32_t c = next_code_point(text, &at);
    if (c == kReplacement && at - before == 1) {
      append_utf8(out, kReplacement);
    } else {
      out.append(text.substr(before, at - before));
    }
  }
  return out;
}

size_t count_code_points(std::string_view text) noexcept {
  size_t count = 0;
  for (size_t at = 0; at < text.size(); ++count) next_code_point(text, &at);
  return count;
}

bool is_word_code_point(char32_t c) noexcept {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;  // Latin-1 letters, Latin Extended-A/B
  if (c >= 0x250 && c <= 0x2AF) return true;                   // IPA
  if (c >= 0x300 && c <= 0x36F) return true;                   // combining marks
  if (c >= 0x370 && c <= 0x3FF) return c != 0x37E && c != 0x387;  // Greek
  if (c >= 0x400 && c <= 0x52F) return c < 0x482 || c > 0x489;     // Cyrillic
  if (c >= 0x531 && c <= 0x587) return true;                   // Armenian
  if (c >= 0x5D0 && c <= 0x5EA) return true;                   // Hebrew letters
  if (c >= 0x620 && c <= 0x64A) return true;                   // Arabic letters
  if (c >= 0x660 && c <= 0x669) return true;                   // Arabic-Indic digits
  if (c >= 0x900 && c <= 0x97F) return true;                   // Devanagari
  if (c >= 0x1E00 && c <= 0x1EFF) return true;                 // Latin Extended Additional
  if (c >= 0x1F00 && c <= 0x1FFF) return true;                 // Greek Extended
  if (c >= 0xFF10 && c <= 0xFF19) return true;                 // fullwidth digits
  if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) return true;  // fullwidth Latin
  return false;
}

char32_t fold_case(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x130) return 'i';
  if (c >= 0x100 && c <= 0x137) return c | 1;  // pairs: even capital, odd small
  if (c >= 0x139 && c <= 0x148) return (c & 1) != 0 ? c + 1 : c;  // odd capital, even small
  if (c >= 0x14A && c <= 0x177) return c | 1;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E) return (c & 1) != 0 ? c + 1 : c;
  if (c >= 0x1E00 && c <= 0x1E95) return c | 1;
  if (c >= 0x1EA0 && c <= 0x1EFF) return c | 1;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 0x25;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x460 && c <= 0x481) return c | 1;
  if (c >= 0x48A && c <= 0x4BF) return c | 1;
  if (c >= 0x4D0 && c <= 0x52F) return c | 1;
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string normalize_for_fingerprint(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t at = 0; at < text.size();) {
    char32_t c = next_code_point(text, &at);
    const bool digit = (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) || (c >= 0xFF10 && c <= 0xFF19);
    if (digit) c = '0';
    if (!digit && (!is_word_code_point(c) || c == '_')) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    append_utf8(out, fold_case(c));
  }
  return out;
}

uint64_t fnv1a64(std::string_view bytes) noexcept {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

}  // namespace smppd::plugins::firewall
