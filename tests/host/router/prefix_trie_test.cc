#include "host/router/prefix_trie.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace smppd::router {
namespace {

// Every stored prefix of `address`, shortest first, with its ids.
std::vector<std::vector<uint32_t>> prefixes_of(const PrefixTrie& trie, std::string_view address) {
  std::vector<std::vector<uint32_t>> found;
  trie.for_each_prefix_of(address, [&](std::span<const uint32_t> ids) {
    found.emplace_back(ids.begin(), ids.end());
    return true;
  });
  return found;
}

TEST(PrefixTrie, FindsEveryStoredPrefixShortestFirst) {
  PrefixTrie::Builder builder;
  builder.add("44", 0);
  builder.add("4477", 1);
  builder.add("447", 2);
  builder.add("44", 3);
  builder.add("44", 3);  // kept once
  builder.add("1", 4);
  const PrefixTrie trie = std::move(builder).build();

  using ::testing::ElementsAre;
  EXPECT_THAT(prefixes_of(trie, "447700"), ElementsAre(ElementsAre(0, 3), ElementsAre(2), ElementsAre(1)));
  EXPECT_THAT(prefixes_of(trie, "4470"), ElementsAre(ElementsAre(0, 3), ElementsAre(2)));
  EXPECT_THAT(prefixes_of(trie, "44"), ElementsAre(ElementsAre(0, 3)));
  EXPECT_THAT(prefixes_of(trie, "4"), ::testing::IsEmpty());
  EXPECT_THAT(prefixes_of(trie, ""), ::testing::IsEmpty());
  EXPECT_THAT(prefixes_of(trie, "2"), ::testing::IsEmpty());
}

TEST(PrefixTrie, AnyByteIsALabel) {
  PrefixTrie::Builder builder;
  builder.add("+44", 0);
  builder.add("ACME", 1);
  builder.add(std::string("\xff\x00z", 3), 2);
  builder.add("", 3);  // the empty prefix: every address
  const PrefixTrie trie = std::move(builder).build();

  using ::testing::ElementsAre;
  EXPECT_THAT(prefixes_of(trie, "+447700"), ElementsAre(ElementsAre(3), ElementsAre(0)));
  EXPECT_THAT(prefixes_of(trie, "ACMEBANK"), ElementsAre(ElementsAre(3), ElementsAre(1)));
  EXPECT_THAT(prefixes_of(trie, "acme"), ElementsAre(ElementsAre(3))) << "bytes, not letters: case counts";
  EXPECT_THAT(prefixes_of(trie, std::string("\xff\x00zz", 4)), ElementsAre(ElementsAre(3), ElementsAre(2)));
}

TEST(PrefixTrie, StopsWhenTheVisitorSaysSo) {
  PrefixTrie::Builder builder;
  builder.add("4", 0);
  builder.add("44", 1);
  const PrefixTrie trie = std::move(builder).build();
  int visits = 0;
  trie.for_each_prefix_of("44", [&](std::span<const uint32_t>) {
    ++visits;
    return false;
  });
  EXPECT_EQ(visits, 1);
}

TEST(PrefixTrie, EmptyTrieFindsNothing) {
  const PrefixTrie built = PrefixTrie::Builder().build();
  const PrefixTrie unbuilt;
  EXPECT_THAT(prefixes_of(built, "44"), ::testing::IsEmpty());
  EXPECT_THAT(prefixes_of(unbuilt, "44"), ::testing::IsEmpty());
}

}  // namespace
}  // namespace smppd::router
