#pragma once

#include <array>
#include <string_view>

namespace smppd::plugins::firewall {

// The built-in URL detector: Hyperscan expressions (case-insensitive, ASCII word boundaries) in a
// database of their own. Every match of every expression holds "://" or a dot followed by an ASCII
// letter or digit: ContentIndex::may_hold_link skips the scan of a text without either, and
// content_index_test holds any new expression to that.
struct UrlPattern {
  std::string_view expression;
  bool shortener;  // a link shortener or a messaging redirect (they hide where a link goes)
};

inline constexpr std::array<UrlPattern, 5> kUrlPatterns = {{
    // A scheme.
    {R"(\bhttps?://\S)", false},
    // www. and a domain.
    {R"(\bwww\d{0,3}\.[a-z0-9][a-z0-9-]*\.[a-z]{2,})", false},
    // A bare domain with a common TLD. TLDs that are also common words ("it", "so", "in", "me",
    // "to", "at", "is", "no", "be") are left out: "ok.so" in a text is not a link.
    {R"(\b[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.)"
     R"((?:com|net|org|info|biz|io|co|ly|gl|gd|xyz|top|site|online|club|shop|store|app|dev|link|click|live|pro|)"
     R"(mobi|tk|ml|ga|cf|gq|ru|su|cn|de|uk|fr|es|nl|pl|br|ca|au|eu|ua|kz|ng|za|ch|se|dk|fi|tr|vn|icu|buzz|)"
     R"(cam|rest|bond|cfd|sbs|win|vip|work|fun|space|website|tech|cc|tv|ws)\b)",
     false},
    // An IPv4 address followed by a path or port.
    {R"(\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?/)", false},
    // Shorteners and redirects.
    {R"(\b(?:bit\.ly|bitly\.com|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|v\.gd|buff\.ly|cutt\.ly|rb\.gy|)"
     R"(shorturl\.at|tiny\.cc|rebrand\.ly|t\.ly|s\.id|lnkd\.in|trib\.al|bl\.ink|short\.io|t\.me|wa\.me|)"
     R"(qr\.ae|tr\.im|x\.co|shorte\.st|adf\.ly|bc\.vc|soo\.gd|clck\.ru|u\.to|rb\.gy|2u\.pm|shrtco\.de)\b)",
     true},
}};

}  // namespace smppd::plugins::firewall
