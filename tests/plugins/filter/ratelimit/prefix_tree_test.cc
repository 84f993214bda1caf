// The destination prefixes of a limit: the longest configured prefix wins, '+' is ignored.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "plugins/filter/ratelimit/prefix_tree.h"

namespace smppd::plugins::ratelimit {
namespace {

TEST(PrefixTreeTest, TheLongestConfiguredPrefixWins) {
  PrefixTree tree;
  for (const char* prefix : {"44", "4477", "1", "+49", "447"}) ASSERT_TRUE(tree.insert(prefix)) << prefix;
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
      {"447700900123", "4477"}, {"447812345678", "447"}, {"442012345678", "44"},  {"+447700900123", "4477"},
      {"4915112345678", "49"},  {"12025550123", "1"},    {"33612345678", std::nullopt}, {"", std::nullopt},
      {"4", std::nullopt},      {"44", "44"},
  };
  for (const auto& [address, expected] : cases) {
    const std::optional<std::string_view> found = tree.longest_match(address);
    EXPECT_EQ(found ? std::optional<std::string>(std::string(*found)) : std::nullopt, expected) << address;
  }
  EXPECT_EQ(tree.size(), 5u);
}

TEST(PrefixTreeTest, RefusesEmptyAndRepeatedPrefixes) {
  PrefixTree tree;
  EXPECT_FALSE(tree.insert(""));
  EXPECT_FALSE(tree.insert("+"));
  EXPECT_TRUE(tree.insert("44"));
  EXPECT_FALSE(tree.insert("+44")) << "the same prefix once its '+' is gone";
}

}  // namespace
}  // namespace smppd::plugins::ratelimit
