#include "host/codec/text/gsm7.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::bytes_from_hex;
using testing::to_hex;

struct TextCase {
  const char* name;
  const char* utf8;
  const char* septets_hex;
};

class Gsm7TextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(Gsm7TextTest, EncodesToSeptets) {
  const auto septets = gsm7_from_utf8(GetParam().utf8);
  ASSERT_TRUE(septets.has_value());
  EXPECT_EQ(to_hex(*septets), to_hex(bytes_from_hex(GetParam().septets_hex)));
}

TEST_P(Gsm7TextTest, DecodesFromSeptetsLosslessly) {
  bool lossy = true;
  EXPECT_EQ(gsm7_to_utf8(bytes_from_hex(GetParam().septets_hex), lossy), GetParam().utf8);
  EXPECT_FALSE(lossy);
}

TEST_P(Gsm7TextTest, CountsSeptets) {
  EXPECT_EQ(gsm7_septet_count(GetParam().utf8), bytes_from_hex(GetParam().septets_hex).size());
}

// V16, V17, V18, V23 are the short_message fields of tests/data/smpp/vectors.md.
INSTANTIATE_TEST_SUITE_P(
    Vectors, Gsm7TextTest,
    ::testing::Values(TextCase{"V16_HelloWorld", "Hello world", "48656C6C6F20776F726C64"},
                      TextCase{"V17_ExtensionChars", "€5 [ok]", "1B6535201B3C6F6B1B3E"},
                      TextCase{"V18_NonAsciiBasic", "@£$ Ωé_", "00010220150511"},
                      TextCase{"V23_Text", "Part two.", "506172742074776F2E"},
                      TextCase{"Empty", "", ""},
                      TextCase{"AllExtensionChars", "\f^{}\\[~]|€", "1B0A1B141B281B291B2F1B3C1B3D1B3E1B401B65"},
                      TextCase{"CurrencyAndSection", "¤¥§¿¡", "2403 5F 60 40"},
                      TextCase{"GreekCapitals", "ΔΦΓΛΩΠΨΣΘΞ", "10 12 13 14 15 16 17 18 19 1A"},
                      TextCase{"NewlinesAndAccents", "Ça\r\nÆøßÉ", "09 61 0D 0A 1C 0C 1E 1F"}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(Gsm7Test, RefusesCharactersWithoutGsm7Form) {
  for (const char* text : {"`", "ç", "Привет", "price: 5 ₽", "😀", "a\u00A0b"}) {
    EXPECT_FALSE(gsm7_from_utf8(text).has_value()) << text;
    EXPECT_FALSE(gsm7_septet_count(text).has_value()) << text;
    EXPECT_FALSE(gsm7_can_encode(std::string_view(text))) << text;
  }
}

TEST(Gsm7Test, RefusesMalformedUtf8) {
  EXPECT_FALSE(gsm7_from_utf8("ab\xC3").has_value());
  EXPECT_FALSE(gsm7_from_utf8("\xED\xA0\x80").has_value());
}

TEST(Gsm7Test, CanEncodeSingleCodePoints) {
  EXPECT_TRUE(gsm7_can_encode(U'@'));
  EXPECT_TRUE(gsm7_can_encode(U'€'));
  EXPECT_TRUE(gsm7_can_encode(U'Ξ'));
  EXPECT_FALSE(gsm7_can_encode(U'`'));
  EXPECT_FALSE(gsm7_can_encode(U'ξ'));
  EXPECT_FALSE(gsm7_can_encode(char32_t{0x110000}));
}

TEST(Gsm7Test, EverySeptetAndExtensionPairRoundTrips) {
  for (int septet = 0; septet < 0x80; ++septet) {
    if (septet == kGsm7Escape) continue;
    const std::string input(1, static_cast<char>(septet));
    bool lossy = true;
    const std::string utf8 = gsm7_to_utf8(input, lossy);
    EXPECT_FALSE(lossy) << septet;
    EXPECT_EQ(gsm7_from_utf8(utf8), input) << septet;
  }
  for (const char code : {'\x0A', '\x14', '\x28', '\x29', '\x2F', '\x3C', '\x3D', '\x3E', '\x40', '\x65'}) {
    const std::string input = {static_cast<char>(kGsm7Escape), code};
    bool lossy = true;
    const std::string utf8 = gsm7_to_utf8(input, lossy);
    EXPECT_FALSE(lossy) << int{code};
    EXPECT_EQ(gsm7_from_utf8(utf8), input) << int{code};
  }
}

struct LossyCase {
  const char* name;
  const char* septets_hex;
  const char* utf8;
};

class Gsm7LossyTest : public ::testing::TestWithParam<LossyCase> {};

TEST_P(Gsm7LossyTest, DecodesByReceiverRuleAndFlagsLoss) {
  bool lossy = false;
  EXPECT_EQ(gsm7_to_utf8(bytes_from_hex(GetParam().septets_hex), lossy), GetParam().utf8);
  EXPECT_TRUE(lossy);
}

INSTANTIATE_TEST_SUITE_P(
    ReceiverRules, Gsm7LossyTest,
    ::testing::Values(LossyCase{"UnknownEscapeIsBasicCharacter", "1B41 1B00", "A@"},
                      LossyCase{"UnknownEscapeOfCr2", "1B0D", "\r"},
                      LossyCase{"EscapeEscapeIsOneSpace", "1B1B 41", " A"},
                      LossyCase{"TrailingEscapeIsSpace", "41 1B", "A "},
                      LossyCase{"LoneEscapeIsSpace", "1B", " "},
                      LossyCase{"HighBitOctetIsReplacement", "41 C1 42", "A\uFFFDB"},
                      LossyCase{"EscapeThenHighBitOctet", "1B E5 42", "\uFFFDB"}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(Hardening09, Gsm7DecodingAtMostTriplesTheSize) {
  // Every one- and two-octet input, then the worst case at length: an octet with the high bit set
  // becomes U+FFFD, three octets.
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    ASSERT_LE(gsm7_to_utf8(one).size(), 3u) << a;
    for (int b = 0; b < 256; ++b) {
      const std::string two = {static_cast<char>(a), static_cast<char>(b)};
      ASSERT_LE(gsm7_to_utf8(two).size(), 6u) << a << "," << b;
    }
  }
  const std::string worst(255, '\x80');
  EXPECT_EQ(gsm7_to_utf8(worst).size(), 3 * worst.size());
  const std::string euros = [] {
    std::string s;
    for (int i = 0; i < 127; ++i) s += "\x1B\x65";
    return s;
  }();
  EXPECT_LE(gsm7_to_utf8(euros).size(), 3 * euros.size());
}

struct PackCase {
  const char* text;
  const char* septets_hex;
  unsigned fill_bits;
  const char* packed_hex;
};

class Gsm7PackTest : public ::testing::TestWithParam<PackCase> {};

TEST_P(Gsm7PackTest, Packs) {
  const std::string septets = bytes_from_hex(GetParam().septets_hex);
  ASSERT_EQ(gsm7_from_utf8(GetParam().text), septets);
  EXPECT_EQ(to_hex(gsm7_pack(septets, GetParam().fill_bits)), GetParam().packed_hex);
}

TEST_P(Gsm7PackTest, Unpacks) {
  const std::string septets = bytes_from_hex(GetParam().septets_hex);
  const std::string packed = bytes_from_hex(GetParam().packed_hex);
  EXPECT_EQ(to_hex(gsm7_unpack(packed, septets.size(), GetParam().fill_bits)), to_hex(septets));
}

// Fill 0: the packing table of vectors.md. Fill 1 and 6 (after a 6- and an 8-octet UDH) were
// computed bit by bit by a separate script: `fill` zero bits, then each septet LSB first.
INSTANTIATE_TEST_SUITE_P(
    VectorsMd, Gsm7PackTest,
    ::testing::Values(PackCase{"hellohello", "68656C6C6F68656C6C6F", 0, "E8329BFD4697D9EC37"},
                      PackCase{"Hello world", "48656C6C6F20776F726C64", 0, "C8329BFD06DDDF723619"},
                      PackCase{"1234567", "31323334353637", 0, "31D98C56B3DD00"},
                      PackCase{"ABCDEFGH", "4142434445464748", 0, "41E19058341E91"},
                      PackCase{"hellohello", "68656C6C6F68656C6C6F", 1, "D06536FB8D2EB3D96F"},
                      PackCase{"ABCDEFGH", "4142434445464748", 1, "82C221B1683C2201"},
                      PackCase{"Hello world", "48656C6C6F20776F726C64", 6, "00B2CC66BF41F7B79C4D06"},
                      PackCase{"", "", 0, ""}));

TEST(Gsm7PackTest, FillBitsFollowUdhLength) {
  EXPECT_EQ(gsm7_fill_bits(0), 0u);
  EXPECT_EQ(gsm7_fill_bits(6), 1u);  // 8-bit concat UDH: 48 bits + 1 = 7 septets
  EXPECT_EQ(gsm7_fill_bits(7), 0u);  // 16-bit concat UDH: 56 bits = 8 septets
  EXPECT_EQ(gsm7_fill_bits(8), 6u);
  EXPECT_EQ(gsm7_fill_bits(12), 2u);
  EXPECT_EQ(gsm7_fill_bits(13), 1u);
}

TEST(Gsm7PackTest, UnpackStopsAtTheEndOfItsInput) {
  // Exact-size heap copies, so AddressSanitizer sees any read past the end.
  const std::string packed = bytes_from_hex("E8329BFD4697D9EC37");
  for (size_t size = 0; size <= packed.size(); ++size) {
    const std::vector<char> exact(packed.begin(), packed.begin() + static_cast<std::ptrdiff_t>(size));
    const std::string_view view(exact.data(), exact.size());
    for (unsigned fill = 0; fill <= 6; ++fill) {
      const std::string septets = gsm7_unpack(view, SIZE_MAX, fill);
      EXPECT_EQ(septets.size(), size * 8 < fill ? 0 : (size * 8 - fill) / 7) << size << "/" << fill;
    }
  }
}

TEST(Gsm7PackTest, UnpackTrustsNoAnnouncedCount) {
  EXPECT_EQ(gsm7_unpack("", 1000), "");
  EXPECT_EQ(gsm7_unpack("\x41", 1000), "\x41");
  EXPECT_EQ(gsm7_unpack("\xFF", 1000, 6), "");  // 2 bits left after the fill: no septet
  EXPECT_EQ(gsm7_unpack(bytes_from_hex("E8329BFD4697D9EC37"), 4), "hell");
}

TEST(Gsm7PackTest, TrailingZeroBitsOfSevenOctetsReadAsAt) {
  // The ambiguity vectors.md notes for "1234567": an eighth septet of zero bits is '@' (0x00).
  EXPECT_EQ(gsm7_unpack(bytes_from_hex("31D98C56B3DD00"), 8), std::string("1234567") + '\0');
}

TEST(Gsm7PackTest, PackUsesOnlySevenBitsOfEachOctet) {
  EXPECT_EQ(gsm7_pack("\xC1\xC2"), gsm7_pack("\x41\x42"));
}

TEST(Gsm7PackTest, NothingPacksToNothingWhateverTheFill) {
  for (unsigned fill = 0; fill <= 6; ++fill) EXPECT_EQ(gsm7_pack("", fill), "") << fill;
}

TEST(Gsm7PackTest, FillBitsAboveSixAreSix) {
  EXPECT_EQ(gsm7_pack("hellohello", 9), gsm7_pack("hellohello", 6));
  const std::string packed = gsm7_pack("hellohello", 6);
  EXPECT_EQ(gsm7_unpack(packed, 10, 200), "hellohello");
}

TEST(Gsm7PackTest, EverySeptetValueRoundTripsAtEveryFill) {
  std::string all;
  for (int septet = 0; septet < 0x80; ++septet) all.push_back(static_cast<char>(septet));
  for (unsigned fill = 0; fill <= 6; ++fill) {
    EXPECT_EQ(gsm7_unpack(gsm7_pack(all, fill), all.size(), fill), all) << fill;
  }
}

}  // namespace
}  // namespace smppd::codec
