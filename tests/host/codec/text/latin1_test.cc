#include "host/codec/text/latin1.h"

#include <gtest/gtest.h>

#include <string>

#include "host/codec/text/utf8.h"
#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;
using testing::to_hex;

TEST(Latin1Test, V20CafeRoundTrips) {
  // The short_message of vector V20 (data_coding 3) in tests/data/smpp/vectors.md.
  EXPECT_EQ(latin1_to_utf8(bytes_from_hex("636166E9")), "café");
  EXPECT_EQ(latin1_from_utf8("café"), bytes_from_hex("636166E9"));
}

TEST(Latin1Test, EveryOctetIsItsOwnCodePoint) {
  for (int octet = 0; octet < 256; ++octet) {
    const std::string input(1, static_cast<char>(octet));
    std::string expected;
    append_utf8(expected, static_cast<char32_t>(octet));
    EXPECT_EQ(latin1_to_utf8(input), expected) << octet;
    EXPECT_EQ(latin1_from_utf8(expected), input) << octet;
  }
}

TEST(Latin1Test, RefusesCharactersAboveFf) {
  for (const char* text : {"€", "\u0100", "Привет", "😀", "ok\u2019s"}) {
    EXPECT_FALSE(latin1_from_utf8(text).has_value()) << text;
  }
}

TEST(Latin1Test, RefusesMalformedUtf8) {
  EXPECT_FALSE(latin1_from_utf8("caf\xE9").has_value());  // Latin-1 bytes passed off as UTF-8
  EXPECT_FALSE(latin1_from_utf8("\xC3").has_value());
}

TEST(Latin1Test, DecodingAtMostDoublesTheSize) {
  const std::string high(200, '\xFF');
  EXPECT_EQ(latin1_to_utf8(high).size(), 2 * high.size());
}

}  // namespace
}  // namespace smppd::codec
