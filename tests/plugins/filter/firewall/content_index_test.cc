// The content index: whole-word keywords, patterns (Hyperscan, or RE2 where Hyperscan refuses),
// the built-in URL detector, and a 10,000-keyword rule set evaluated through the rule engine.
#include <gtest/gtest.h>
#include <hs/hs.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <random>
#include <thread>
#include <string>
#include <vector>

#include "plugins/filter/firewall/content_index.h"
#include "plugins/filter/firewall/list_set.h"
#include "plugins/filter/firewall/rule_engine.h"
#include "plugins/filter/firewall/url_patterns.h"

namespace smppd::plugins::firewall {
namespace {

// Clocks that stand still.
class FixedClocks final : public RuleClocks {
 public:
  FixedClocks(int64_t monotonic_ns, int64_t realtime_ns) : monotonic_ns_(monotonic_ns), realtime_ns_(realtime_ns) {}
  int64_t monotonic_ns() const noexcept override { return monotonic_ns_; }
  int64_t realtime_ns() const noexcept override { return realtime_ns_; }

 private:
  int64_t monotonic_ns_;
  int64_t realtime_ns_;
};

std::unique_ptr<ContentIndex> index_of(const std::vector<std::string>& keywords, const std::vector<std::string>& patterns,
                                       bool urls = false, std::vector<ContentIndex::Fallback>* fallbacks = nullptr) {
  ContentInputs inputs;
  uint32_t rule = 0;
  for (const auto& keyword : keywords) inputs.add_keyword(keyword, rule++);
  for (const auto& pattern : patterns) inputs.add_pattern(pattern, rule++);
  inputs.urls = urls;
  return ContentIndex::build(inputs, fallbacks);
}

std::vector<uint32_t> rules_hit(const ContentIndex& index, std::string_view text) {
  ContentIndex::Hits hits;
  index.scan(text, &hits);
  return hits.rules;
}

TEST(ContentIndexTest, KeywordsMatchWholeWordsOnly) {
  const auto index = index_of({"win", "free money", "$$$", "c++"}, {});
  struct Case {
    const char* text;
    std::vector<uint32_t> rules;
  };
  const Case cases[] = {
      {"you WIN!", {0}},
      {"winner", {}},
      {"twin", {}},
      {"twin win", {0}},       // an occurrence inside a word does not hide the next one
      {"éwin", {}},            // é is a letter: no boundary
      {"win_", {}},
      {"(win)", {0}},
      {"FREE\tMONEY", {1}},
      {"freemoney", {}},
      {"earn $$$ now", {2}},
      {"earn$$$now", {2}},      // no word characters at its ends: no boundary needed
      {"I code c++, you?", {3}},
      {"win free money", {0, 1}},
      {"", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(rules_hit(*index, c.text), c.rules) << c.text;
}

TEST(ContentIndexTest, KeywordsAreCaseInsensitiveBeyondAscii) {
  const auto index = index_of({"ÉTÉ", "привет", "Ωmega"}, {});
  EXPECT_EQ(rules_hit(*index, "bel été"), (std::vector<uint32_t>{0}));
  EXPECT_EQ(rules_hit(*index, "Привет!"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(rules_hit(*index, "ωMEGA"), (std::vector<uint32_t>{2}));
  EXPECT_EQ(rules_hit(*index, "приветик"), (std::vector<uint32_t>{}));
}

TEST(ContentIndexTest, TheSameKeywordInSeveralRulesIsOneExpression) {
  ContentInputs inputs;
  inputs.add_keyword("Casino", 0);
  inputs.add_keyword("casino", 2);
  inputs.add_keyword("CASINO", 2);
  ASSERT_EQ(inputs.keywords.size(), 1u);
  EXPECT_EQ(inputs.keywords[0].rules, (std::vector<uint32_t>{0, 2}));
  const auto index = ContentIndex::build(inputs, nullptr);
  EXPECT_EQ(index->hyperscan_expressions(), 1u);
  EXPECT_EQ(rules_hit(*index, "online casino"), (std::vector<uint32_t>{0, 2}));
}

TEST(ContentIndexTest, PatternsHyperscanRefusesRunOnRe2) {
  std::vector<ContentIndex::Fallback> fallbacks;
  // \C (any octet) is refused one by one; "q*" only in the database (it matches the empty text).
  const auto index = index_of({}, {"fr[e3]{2}\\s+money", "\\Cx", "q*"}, false, &fallbacks);
  ASSERT_EQ(fallbacks.size(), 2u);
  EXPECT_EQ(fallbacks[0].pattern, "\\Cx");
  EXPECT_NE(fallbacks[0].reason.find("\\C is unsupported"), std::string::npos) << fallbacks[0].reason;
  EXPECT_EQ(fallbacks[1].pattern, "q*");
  EXPECT_NE(fallbacks[1].reason.find("empty"), std::string::npos) << fallbacks[1].reason;
  EXPECT_EQ(index->hyperscan_expressions(), 1u);
  EXPECT_EQ(index->re2_patterns(), 2u);
  EXPECT_EQ(rules_hit(*index, "fr33  money"), (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(rules_hit(*index, "zx"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(rules_hit(*index, ""), (std::vector<uint32_t>{2}));
}

TEST(ContentIndexTest, DetectsUrlsAndShorteners) {
  const auto index = index_of({}, {}, true);
  struct Case {
    const char* text;
    bool url;
    bool shortener;
  };
  const Case cases[] = {
      {"go to https://example.org/x now", true, false},
      {"HTTP://EXAMPLE.ORG", true, false},
      {"visit www.example.de", true, false},
      {"shop at acme-store.com today", true, false},
      {"sub.domain.co.uk/path", true, false},
      {"login at 192.168.1.20:8080/admin", true, false},
      {"bit.ly/3xYz", true, true},
      {"tinyurl.com/abc", true, true},
      {"chat: t.me/support", true, true},
      {"ok.so see you at 5.30", false, false},
      {"e.g. this", false, false},
      {"the score was 3.5", false, false},
      {"example.community", false, false},
      {"hello world", false, false},
  };
  for (const Case& c : cases) {
    ContentIndex::Hits hits;
    index->scan(c.text, &hits);
    EXPECT_EQ(hits.url, c.url) << c.text;
    EXPECT_EQ(hits.shortener, c.shortener) << c.text;
  }
}

// The URL detector's database runs only on a text may_hold_link() lets through: over many texts
// built from the pieces of links, what the index reports must be what the detector's expressions
// say when they scan every text, as they did before the shortcut.
TEST(ContentIndexTest, SkippingTextsThatCannotHoldALinkMissesNoLink) {
  std::vector<std::string> expressions;
  std::vector<const char*> pointers;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (const UrlPattern& url : kUrlPatterns) expressions.emplace_back(url.expression);
  for (size_t i = 0; i < expressions.size(); ++i) {
    pointers.push_back(expressions[i].c_str());
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned int>(i));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  ASSERT_EQ(hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned int>(pointers.size()),
                             HS_MODE_BLOCK, nullptr, &database, &error),
            HS_SUCCESS);
  hs_scratch_t* scratch = nullptr;
  ASSERT_EQ(hs_alloc_scratch(database, &scratch), HS_SUCCESS);
  struct Reference {
    bool url = false;
    bool shortener = false;
  };
  const auto reference = [&](const std::string& text) {
    Reference found;
    hs_scan(database, text.data(), static_cast<unsigned int>(text.size()), 0, scratch,
            [](unsigned int id, unsigned long long, unsigned long long, unsigned int, void* context) {
              auto* seen = static_cast<Reference*>(context);
              seen->url = true;
              seen->shortener = seen->shortener || kUrlPatterns[id].shortener;
              return 0;
            },
            &found);
    return found;
  };

  const auto index = index_of({}, {}, true);
  const std::vector<std::string> pieces = {
      "http", "HTTPS", "://", "www", "www2", ".", ".", "..", "com", "Co", "uk", "bit", "ly", "t", "me", "192", "168",
      "1", "20", ":", "8080", "/", " ", " ", "-", "_", "x", "\xc3\xa9", "a", "0", "5", "30", "ok", "so", "tinyurl",
      "e", "g", "\t", "@", "?", "shop.com", "bit.ly/", "http://", "www.x", "10.0.0.1", ".co", "t.me"};
  std::mt19937 random(20261202);
  size_t links = 0;
  size_t skipped = 0;
  size_t scanned_without_link = 0;
  for (int i = 0; i < 20000; ++i) {
    // Half the texts start with filler, so that the signs fall at every offset of a word.
    std::string text(random() % 2 == 0 ? random() % 24 : 0, 'z');
    const size_t count = 1 + random() % 8;
    for (size_t p = 0; p < count; ++p) text += pieces[random() % pieces.size()];
    const Reference expected = reference(text);
    ContentIndex::Hits hits;
    index->scan(text, &hits);
    ASSERT_EQ(hits.url, expected.url) << text;
    ASSERT_EQ(hits.shortener, expected.shortener) << text;
    links += expected.url ? 1 : 0;
    const bool may_hold = ContentIndex::may_hold_link(text);
    skipped += may_hold ? 0 : 1;
    scanned_without_link += may_hold && !expected.url ? 1 : 0;
  }
  // The texts exercise every side: links, texts skipped, texts scanned that hold none.
  EXPECT_GT(links, 2000u);
  EXPECT_GT(skipped, 2000u);
  EXPECT_GT(scanned_without_link, 2000u);
  std::cout << links << " links, " << skipped << " texts skipped, " << scanned_without_link
            << " scanned without a link, of 20,000\n";
  hs_free_scratch(scratch);
  hs_free_database(database);
}

TEST(ContentIndexTest, ScansRunOnManyThreadsAtOnce) {
  const auto index = index_of({"alpha", "beta"}, {"gam+a"});
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (rules_hit(*index, "alpha beta gammma") != std::vector<uint32_t>{0, 1, 2}) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

// Each thread keeps a scratch of the pool it used last: threads that move between indexes, and an
// index that goes (a list reloaded) while its threads live on, must each scan with a scratch of
// the index at hand (ASan would see one freed with its pool).
TEST(ContentIndexTest, ThreadsMovingBetweenIndexesAndIndexesThatGoScanRight) {
  auto first = index_of({"alpha"}, {});
  auto second = index_of({"beta"}, {});
  std::atomic<int> wrong{0};
  auto alternate = [&](const ContentIndex& a, const ContentIndex& b, std::vector<uint32_t> expect_a,
                       std::vector<uint32_t> expect_b) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i) {
          if (rules_hit(a, "alpha beta") != expect_a) ++wrong;
          if (rules_hit(b, "alpha beta") != expect_b) ++wrong;
        }
      });
    }
    for (auto& thread : threads) thread.join();
  };
  alternate(*first, *second, {0}, {0});
  first.reset();  // its pool and every scratch it made go
  auto third = index_of({"gamma", "beta"}, {});
  alternate(*second, *third, {0}, {1});
  EXPECT_EQ(wrong.load(), 0);
}

// 10,000 rules, each one keyword: they compile into one database, and a message is checked
// against the few rules the scan names, not against all of them.
TEST(RuleEngineTest, TenThousandKeywordRulesCompileAndMatchTheRightRule) {
  std::vector<RuleSpec> rules;
  for (int i = 0; i < 10000; ++i) {
    RuleSpec rule;
    rule.name = "kw" + std::to_string(i);
    rule.action = Action::deny;
    rule.status = 0x45;
    rule.keywords = {"spamword" + std::to_string(i)};
    rules.push_back(std::move(rule));
  }
  RuleSpec tail;  // a rule without content: always a candidate
  tail.name = "tail";
  tail.action = Action::tag;
  tail.tag_key = "firewall.tag";
  tail.tag_value = "seen";
  rules.push_back(tail);

  const auto started = std::chrono::steady_clock::now();
  RuleEngine engine(std::move(rules), 1000);
  ListSet lists(0);
  const auto index = ContentIndex::build(engine.content_inputs(lists), nullptr);
  const auto compile_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::cout << "10,000 keyword rules compiled in " << compile_ms << " ms\n";
  EXPECT_EQ(index->hyperscan_expressions(), 10000u);

  MessageFacts facts;
  facts.text = "hello there SPAMWORD7777 and spamword77770 and xspamword12";
  const auto evaluation = engine.evaluate(facts, *index, lists, FixedClocks(0, 0));
  EXPECT_EQ(evaluation.matched, (std::vector<uint32_t>{7777}));
  EXPECT_TRUE(evaluation.decided);
  EXPECT_EQ(evaluation.candidates, 2u);  // rule 7777 and the content-free tail

  facts.text = "nothing to see";
  const auto clean = engine.evaluate(facts, *index, lists, FixedClocks(0, 0));
  EXPECT_EQ(clean.matched, (std::vector<uint32_t>{10000}));  // only the tag rule
  EXPECT_FALSE(clean.decided);
  EXPECT_EQ(clean.candidates, 1u);
}

// Counts the clock reads a message makes.
class CountingClocks final : public RuleClocks {
 public:
  int64_t monotonic_ns() const noexcept override {
    ++monotonic_reads;
    return 1'000'000'000;
  }
  int64_t realtime_ns() const noexcept override {
    ++realtime_reads;
    return 0;
  }
  mutable int monotonic_reads = 0;
  mutable int realtime_reads = 0;
};

// The clocks are read only for a rule with a time window or a rate condition, and once a message.
TEST(RuleEngineTest, AMessageReadsTheClocksOnlyForRulesThatNeedThem) {
  const auto tag_rule = [](const char* name, const char* keyword) {
    RuleSpec rule;
    rule.name = name;
    rule.action = Action::tag;
    rule.tag_key = "firewall.tag";
    rule.tag_value = name;
    rule.keywords = {keyword};
    return rule;
  };
  std::vector<RuleSpec> rules;
  rules.push_back(tag_rule("words", "casino"));
  rules.push_back(tag_rule("pumping", "jackpot"));
  rules.back().pumping = PumpingMatch{0, 1000, 0};  // over from the first message
  rules.push_back(tag_rule("pumping by prefix", "jackpot"));
  rules.back().pumping = PumpingMatch{0, 1000, 3};
  rules.push_back(tag_rule("hours", "jackpot"));
  rules.back().time = TimeCondition{};
  RuleEngine engine(std::move(rules), 100);
  ListSet lists(0);
  const auto index = ContentIndex::build(engine.content_inputs(lists), nullptr);

  MessageFacts facts;
  facts.destination_addr = "447700900123";
  facts.text = "casino";
  CountingClocks clocks;
  EXPECT_EQ(engine.evaluate(facts, *index, lists, clocks).matched, (std::vector<uint32_t>{0}));
  EXPECT_EQ(clocks.monotonic_reads, 0);
  EXPECT_EQ(clocks.realtime_reads, 0);

  facts.text = "jackpot";
  EXPECT_EQ(engine.evaluate(facts, *index, lists, clocks).matched, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(clocks.monotonic_reads, 1);
  EXPECT_EQ(clocks.realtime_reads, 1);
}

TEST(RuleEngineTest, DestinationPrefixRulesAreFoundThroughTheirTree) {
  std::vector<RuleSpec> rules;
  for (int i = 0; i < 1000; ++i) {
    RuleSpec rule;
    rule.name = "p" + std::to_string(i);
    rule.destination_prefix = {std::to_string(100000 + i)};
    rules.push_back(std::move(rule));
  }
  RuleEngine engine(std::move(rules), 100);
  ListSet lists(0);
  const auto index = ContentIndex::build(engine.content_inputs(lists), nullptr);
  MessageFacts facts;
  facts.destination_addr = "100500123";
  const auto evaluation = engine.evaluate(facts, *index, lists, FixedClocks(0, 0));
  EXPECT_EQ(evaluation.candidates, 1u);
  EXPECT_EQ(evaluation.matched, (std::vector<uint32_t>{500}));
}

}  // namespace
}  // namespace smppd::plugins::firewall
