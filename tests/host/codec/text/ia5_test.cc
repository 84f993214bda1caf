#include "host/codec/text/ia5.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;

TEST(Ia5Test, AsciiRoundTrips) {
  std::string all;
  for (int octet = 0; octet < 0x80; ++octet) all.push_back(static_cast<char>(octet));
  bool lossy = true;
  EXPECT_EQ(ia5_to_utf8(all, lossy), all);
  EXPECT_FALSE(lossy);
  EXPECT_EQ(ia5_from_utf8(all), all);
}

TEST(Ia5Test, E58TextDecodes) {
  // The text after the UDH of external vector E58 (node-smpp), data_coding 1.
  EXPECT_EQ(ia5_to_utf8(bytes_from_hex("747B7374")), "t{st");
}

TEST(Ia5Test, HighOctetsBecomeReplacementCharacters) {
  for (int octet = 0x80; octet < 0x100; ++octet) {
    const std::string input = {'a', static_cast<char>(octet), 'b'};
    bool lossy = false;
    EXPECT_EQ(ia5_to_utf8(input, lossy), "a\uFFFDb") << octet;
    EXPECT_TRUE(lossy) << octet;
  }
}

TEST(Ia5Test, RefusesNonAscii) {
  for (const char* text : {"é", "€", "😀", "\xC3"}) {
    EXPECT_FALSE(ia5_from_utf8(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace smppd::codec
