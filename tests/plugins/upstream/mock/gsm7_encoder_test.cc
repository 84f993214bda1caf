#include "plugins/upstream/mock/gsm7_encoder.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace smppd::plugins::mock {
namespace {

struct Case {
  const char* utf8;
  std::optional<std::string> septets;
};

class Gsm7EncoderTest : public ::testing::TestWithParam<Case> {};

TEST_P(Gsm7EncoderTest, EncodesTheDefaultAlphabetUnpacked) {
  EXPECT_EQ(encode_gsm7(GetParam().utf8), GetParam().septets) << GetParam().utf8;
}

INSTANTIATE_TEST_SUITE_P(
    Table, Gsm7EncoderTest,
    ::testing::Values(Case{"hello from mock", std::string("hello from mock")},
                      Case{"@\u00A3$_", std::string("\x00\x01\x02\x11", 4)},
                      Case{"\u00E9\u00E0\u0394", std::string("\x05\x7F\x10")},
                      Case{"\u20AC[]{}", std::string("\x1B\x65\x1B\x3C\x1B\x3E\x1B\x28\x1B\x29")},
                      Case{"a\nb", std::string("a\nb")},
                      Case{"", std::string()},
                      Case{"`", std::nullopt},               // not in the alphabet
                      Case{"\xF0\x9F\x98\x80", std::nullopt},  // an emoji
                      Case{"\xC3", std::nullopt},            // cut UTF-8
                      Case{"\xC0\x80", std::nullopt}));      // an overlong NUL

}  // namespace
}  // namespace smppd::plugins::mock
