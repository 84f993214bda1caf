#include "host/codec/receipt/message_id.h"

#include <gtest/gtest.h>

#include <string>

namespace smppd::codec {
namespace {

TEST(MessageIdReceipt, CanonicalKeyFoldsCaseAndStripsLeadingZeros) {
  struct Case {
    std::string_view id;
    std::string_view key;
  };
  constexpr Case kCases[] = {
      {"0000003005", "3005"},  // E32: the text id; its receipted_message_id is "3005"
      {"0059113978", "59113978"},
      {"38601FA", "38601fa"},
      {"126E85A6edeac1a0", "126e85a6edeac1a0"},
      {"000", "0"},
      {"0", "0"},
      {"", ""},
      {"00ab-CD", "ab-cd"},
      {"MSG-0001", "msg-0001"},  // only leading zeros go
  };
  for (const auto& c : kCases) EXPECT_EQ(canonical_message_id(c.id), c.key) << c.id;
}

struct BaseCase {
  std::string_view hex;
  std::string_view decimal;
};

// Hex/decimal pairs from the test data: the text id and receipted_message_id of E31 and E60,
// the submit_sm_resp id of the nDPI capture, and E42's 128-bit id (beyond any integer type).
constexpr BaseCase kBasePairs[] = {
    {"38601fa", "59113978"},
    {"1d305b4c", "489708364"},
    {"47c8c77a", "1204340602"},
    {"126e85a6edeac1a02020099312479564", "24499967364551330131427018079426024804"},
    {"0", "0"},
    {"ff", "255"},
    {"ffffffffffffffff", "18446744073709551615"},
    {"10000000000000000", "18446744073709551616"},
};

TEST(MessageIdReceipt, HexToDecimal) {
  for (const auto& c : kBasePairs) EXPECT_EQ(hex_id_to_decimal(c.hex), c.decimal) << c.hex;
  EXPECT_EQ(hex_id_to_decimal("0038601FA"), "59113978");
}

TEST(MessageIdReceipt, DecimalToHex) {
  for (const auto& c : kBasePairs) EXPECT_EQ(decimal_id_to_hex(c.decimal), c.hex) << c.decimal;
  EXPECT_EQ(decimal_id_to_hex("0059113978"), "38601fa");
}

TEST(MessageIdReceipt, ConversionRefusesWhatIsNotANumber) {
  EXPECT_FALSE(hex_id_to_decimal("").has_value());
  EXPECT_FALSE(hex_id_to_decimal("38601fg").has_value());
  EXPECT_FALSE(hex_id_to_decimal("0x38601fa").has_value());
  EXPECT_FALSE(hex_id_to_decimal(std::string(kMaxConvertibleIdDigits + 1, 'f')).has_value());
  EXPECT_TRUE(hex_id_to_decimal(std::string(kMaxConvertibleIdDigits, 'f')).has_value());
  EXPECT_FALSE(decimal_id_to_hex("").has_value());
  EXPECT_FALSE(decimal_id_to_hex("12a").has_value());
  EXPECT_FALSE(decimal_id_to_hex("-12").has_value());
  EXPECT_FALSE(decimal_id_to_hex(std::string(kMaxConvertibleIdDigits + 1, '9')).has_value());
}

struct SameCase {
  std::string_view a;
  std::string_view b;
  bool same;
};

constexpr SameCase kSameCases[] = {
    {"0059113978", "38601fa", true},   // E31: text decimal, TLV hex
    {"38601FA", "0059113978", true},   // either order, either case
    {"0489708364", "1d305b4c", true},  // E60
    {"0000003005", "3005", true},      // E32: leading zeros
    {"1204340602", "47c8c77a", true},  // nDPI submit_sm_resp id in decimal form
    {"126e85a6edeac1a02020099312479564", "126E85A6EDEAC1A02020099312479564", true},  // E42
    {"24499967364551330131427018079426024804", "126e85a6edeac1a02020099312479564", true},
    {"abc", "ABC", true},
    {"0059113979", "38601fa", false},  // off by one
    {"10", "16", false},               // both all-digit: never compared across bases
    {"3005", "12293", false},          // 0x3005 == 12293, but "3005" has no hex letter
    {"38601fa", "38601fb", false},
    {"38601fa", "msg-59113978", false},
    {"", "0", false},
    {"", "", true},
};

TEST(MessageIdReceipt, SameMessageIdRule) {
  for (const auto& c : kSameCases) {
    EXPECT_EQ(same_message_id(c.a, c.b), c.same) << c.a << " vs " << c.b;
    EXPECT_EQ(same_message_id(c.b, c.a), c.same) << c.b << " vs " << c.a;
  }
}

}  // namespace
}  // namespace smppd::codec
