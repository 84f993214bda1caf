// Address prefixes and the list files: numbers (exact and '*' prefixes) and words.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugins/filter/firewall/named_list.h"
#include "plugins/filter/firewall/prefix_trie.h"
#include "tests/plugins/filter/firewall/firewall_test_support.h"

namespace smppd::plugins::firewall {
namespace {

TEST(PrefixTrieTest, ReportsEveryPrefixOfAnAddressShortestFirst) {
  PrefixTrie trie;
  trie.insert("44", 1);
  trie.insert("4477", 2);
  trie.insert("4477", 3);
  trie.insert("1900", 4);
  std::vector<uint32_t> ids;
  trie.for_each_match("447700900123", [&ids](uint32_t id) { ids.push_back(id); });
  EXPECT_EQ(ids, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(trie.matches_any("19001"));
  EXPECT_FALSE(trie.matches_any("190"));
  EXPECT_FALSE(trie.matches_any("4"));
  EXPECT_EQ(trie.size(), 4u);
  PrefixTrie everything;
  everything.insert("", 9);
  EXPECT_TRUE(everything.matches_any("anything"));
}

TEST(PrefixTrieTest, ComparesAddressesWithoutTheirPlus) {
  EXPECT_EQ(comparable_address("+4477"), "4477");
  EXPECT_EQ(comparable_address("4477"), "4477");
}

TEST(NumberListTest, ParsesNumbersPrefixesAndComments) {
  std::string error;
  const auto list = NumberList::parse("# header\n\n+447700900123\r\n  1900*  # premium\nACME\n", &error);
  ASSERT_TRUE(list) << error;
  EXPECT_EQ(list->size(), 3u);
  EXPECT_TRUE(list->contains("447700900123"));
  EXPECT_TRUE(list->contains("+447700900123"));
  EXPECT_FALSE(list->contains("4477009001234"));
  EXPECT_TRUE(list->contains("19005551234"));
  EXPECT_TRUE(list->contains("ACME"));
  EXPECT_FALSE(list->contains("acme"));
}

TEST(NumberListTest, RefusesALineThatIsNoNumberNamingIt) {
  std::string error;
  EXPECT_FALSE(NumberList::parse("4477\n44 77 \xC3\xA9\n", &error));
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
  EXPECT_FALSE(NumberList::parse("123456789012345678901\n", &error));  // 21 digits
  EXPECT_NE(error.find("line 1"), std::string::npos) << error;
}

TEST(WordListTest, ParsesWordsAndPhrases) {
  std::string error;
  const auto list = WordList::parse("# spam words\ncasino\n  free money \n\nC# developer\n", &error);
  ASSERT_TRUE(list) << error;
  EXPECT_EQ(list->words(), (std::vector<std::string>{"casino", "free money", "C# developer"}));
  EXPECT_FALSE(WordList::parse("ok\n\xFF\n", &error));
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
}

TEST(ListFileTest, StampsChangeWithTheFile) {
  testing::TempDir dir;
  const std::string path = dir.write("list.txt", "1\n");
  const auto before = stamp_of(path);
  ASSERT_TRUE(before);
  dir.write("list.txt", "1\n");
  EXPECT_NE(stamp_of(path), before);  // same size, later mtime
  EXPECT_FALSE(stamp_of(path + ".missing"));
  std::string error;
  EXPECT_EQ(read_text_file(path, &error), "1\n");
  EXPECT_FALSE(read_text_file(path + ".missing", &error));
  EXPECT_NE(error.find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace smppd::plugins::firewall
