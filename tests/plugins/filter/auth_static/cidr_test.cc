#include "plugins/filter/auth_static/cidr.h"

#include <gtest/gtest.h>

#include <string>

namespace smppd::plugins::auth_static {
namespace {

struct MatchCase {
  const char* cidr;
  const char* address;
  bool contains;
};

class CidrMatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(CidrMatchTest, MatchesAsExpected) {
  std::string why;
  const auto cidr = Cidr::parse(GetParam().cidr, &why);
  ASSERT_TRUE(cidr) << GetParam().cidr << ": " << why;
  const auto address = IpAddress::parse(GetParam().address);
  ASSERT_TRUE(address) << GetParam().address;
  EXPECT_EQ(cidr->contains(*address), GetParam().contains) << GetParam().cidr << " vs " << GetParam().address;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CidrMatchTest,
    ::testing::Values(
        // IPv4
        MatchCase{"127.0.0.1/32", "127.0.0.1", true}, MatchCase{"127.0.0.1/32", "127.0.0.2", false},
        MatchCase{"127.0.0.1", "127.0.0.1", true},  // a bare address is one host
        MatchCase{"127.0.0.0/8", "127.255.255.254", true}, MatchCase{"127.0.0.0/8", "128.0.0.1", false},
        MatchCase{"192.0.2.0/25", "192.0.2.127", true}, MatchCase{"192.0.2.0/25", "192.0.2.128", false},
        MatchCase{"192.0.2.128/25", "192.0.2.128", true}, MatchCase{"192.0.2.64/26", "192.0.2.127", true},
        MatchCase{"192.0.2.64/26", "192.0.2.63", false}, MatchCase{"0.0.0.0/0", "127.0.0.1", true},
        MatchCase{"0.0.0.0/0", "198.51.100.7", true},
        // IPv6
        MatchCase{"::1/128", "::1", true}, MatchCase{"::1/128", "::2", false}, MatchCase{"::1", "::1", true},
        MatchCase{"2001:db8::/32", "2001:db8:ffff::1", true}, MatchCase{"2001:db8::/32", "2001:db9::1", false},
        MatchCase{"2001:db8::/33", "2001:db8:7fff::1", true}, MatchCase{"2001:db8::/33", "2001:db8:8000::1", false},
        MatchCase{"2001:db8:0:1::/64", "2001:db8:0:1:ffff:ffff:ffff:ffff", true},
        MatchCase{"2001:db8:0:1::/64", "2001:db8:0:2::", false}, MatchCase{"::/0", "::1", true},
        MatchCase{"::/0", "2001:db8::5", true},
        // The families stay apart, except that an IPv4-mapped address is its IPv4 address.
        MatchCase{"::/0", "127.0.0.1", false}, MatchCase{"0.0.0.0/0", "::1", false},
        MatchCase{"127.0.0.1/32", "::ffff:127.0.0.1", true}, MatchCase{"127.0.0.0/8", "::ffff:127.1.2.3", true},
        MatchCase{"::ffff:127.0.0.0/104", "127.9.9.9", true}, MatchCase{"::ffff:127.0.0.0/104", "128.0.0.1", false},
        // Zones and brackets of the peer's text are ignored.
        MatchCase{"::1/128", "[::1]", true}, MatchCase{"fe80::/10", "fe80::1%lo", true}));

struct BadCidr {
  const char* text;
  const char* reason;
};

class CidrRefusalTest : public ::testing::TestWithParam<BadCidr> {};

TEST_P(CidrRefusalTest, RefusesWithAReason) {
  std::string why;
  EXPECT_FALSE(Cidr::parse(GetParam().text, &why)) << GetParam().text;
  EXPECT_NE(why.find(GetParam().reason), std::string::npos) << GetParam().text << ": " << why;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CidrRefusalTest,
    ::testing::Values(BadCidr{"", "not an IPv4 or IPv6 address"}, BadCidr{"localhost", "not an IPv4 or IPv6 address"},
                      BadCidr{"127.0.0.256/32", "not an IPv4 or IPv6 address"},
                      BadCidr{"127.0.0/24", "not an IPv4 or IPv6 address"},
                      BadCidr{"127.0.0.1/33", "above 32"}, BadCidr{"::1/129", "above 128"},
                      BadCidr{"127.0.0.1/", "not a number"}, BadCidr{"127.0.0.1/8x", "not a number"},
                      BadCidr{"127.0.0.1/-1", "not a number"}, BadCidr{"127.0.0.1/8", "the network is 127.0.0.0/8"},
                      BadCidr{"2001:db8::1/32", "the network is 2001:db8::/32"},
                      BadCidr{"::ffff:127.0.0.1/64", "at least 96"}, BadCidr{"fe80::1%lo/64", "no zone"},
                      BadCidr{" 127.0.0.1/32", "not an IPv4 or IPv6 address"}));

TEST(IpAddressTest, ReadsBothFamiliesAndMappedAddresses) {
  EXPECT_TRUE(IpAddress::parse("127.0.0.1")->is_v4());
  EXPECT_FALSE(IpAddress::parse("::1")->is_v4());
  EXPECT_TRUE(IpAddress::parse("::ffff:127.0.0.1")->is_v4());
  EXPECT_EQ(*IpAddress::parse("::ffff:127.0.0.1"), *IpAddress::parse("127.0.0.1"));
  EXPECT_EQ(IpAddress::parse("::ffff:127.0.0.1")->to_string(), "127.0.0.1");
  EXPECT_EQ(IpAddress::parse("0:0::1")->to_string(), "::1");
  EXPECT_FALSE(IpAddress::parse(""));
  EXPECT_FALSE(IpAddress::parse("127.0.0.1:2775"));
  EXPECT_FALSE(IpAddress::parse("::1::2"));
}

TEST(CidrTest, PrintsItsNetwork) {
  EXPECT_EQ(Cidr::parse("127.0.0.0/8")->to_string(), "127.0.0.0/8");
  EXPECT_EQ(Cidr::parse("::1")->to_string(), "::1/128");
  EXPECT_EQ(Cidr::parse("::ffff:127.0.0.0/104")->to_string(), "127.0.0.0/8");
}

}  // namespace
}  // namespace smppd::plugins::auth_static
