#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace re2 {
class RE2;
}  // namespace re2

namespace smppd::plugins::firewall {

// What the content index is built from: each keyword and pattern once, with the rules that use it.
struct ContentInputs {
  struct Source {
    std::string text;
    std::vector<uint32_t> rules;  // rule indices, ascending
  };
  std::vector<Source> keywords;  // whole words, case-insensitive
  std::vector<Source> patterns;  // RE2 syntax, already checked with RE2
  bool urls = false;             // add the built-in URL detector

  // Adds a keyword for `rule`, once per case-folded spelling; call in ascending rule order.
  void add_keyword(std::string_view keyword, uint32_t rule);
  void add_pattern(std::string_view pattern, uint32_t rule);

 private:
  static void add(std::vector<Source>& sources, std::unordered_map<std::string, size_t>& index, std::string key,
                  std::string_view text, uint32_t rule);
  std::unordered_map<std::string, size_t> keyword_index_;  // folded keyword -> keywords[i]
  std::unordered_map<std::string, size_t> pattern_index_;
};

class Re2Fallback;

// False on a CPU Hyperscan does not run on (it needs SSSE3): the plugin refuses to load there.
bool hyperscan_supported() noexcept;

// Every rule's keywords and patterns (and the built-in URL detector) in one Hyperscan database:
// one scan of the text tells which rules' content matched. Patterns Hyperscan cannot compile run
// on an RE2::Set instead (one more pass over the text, only when there are such patterns).
// Immutable once built; scan() may run on every worker at once.
class ContentIndex {
 public:
  struct Fallback {
    std::string pattern;
    std::string reason;  // what Hyperscan said
  };
  // Throws std::runtime_error when Hyperscan refuses a keyword or the URL detector (a bug or an
  // unsupported CPU), naming it. Patterns Hyperscan refuses go to RE2 and are listed in *fallbacks.
  static std::unique_ptr<ContentIndex> build(const ContentInputs& inputs, std::vector<Fallback>* fallbacks);
  ~ContentIndex();
  ContentIndex(const ContentIndex&) = delete;
  ContentIndex& operator=(const ContentIndex&) = delete;

  struct Hits {
    std::vector<uint32_t> rules;  // whose keywords or patterns matched, ascending, each once
    bool url = false;             // the text holds a link
    bool shortener = false;       // ... through a shortener or redirect
    void clear() {
      rules.clear();
      url = false;
      shortener = false;
    }
  };
  // `text` must be valid UTF-8 (see sanitize_utf8).
  void scan(std::string_view text, Hits* hits) const;

  // False only for a text no URL detector expression can match: each match holds "://" or a dot
  // followed by a letter or digit (url_patterns.h). Public for the test that holds it to that.
  static bool may_hold_link(std::string_view text) noexcept;

  size_t hyperscan_expressions() const noexcept { return expressions_.size(); }
  size_t re2_patterns() const noexcept { return re2_expressions_.size(); }

 private:
  enum class Kind : uint8_t { keyword, pattern, url, shortener };
  struct Expression {
    Kind kind = Kind::keyword;
    bool word_start = false;  // the keyword begins with a word character: needs a boundary before
    bool word_end = false;
    // A keyword of fixed length in octets (ASCII, no blanks): compiled without start-of-match
    // tracking, which costs Hyperscan more than the rest of the scan; the start is end - length.
    uint32_t length = 0;
    uint32_t rules_begin = 0;  // into rule_ids_
    uint32_t rules_end = 0;
  };
  struct ScanContext;
  class ScratchPool;

  ContentIndex();
  static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags,
                      void* context);

  std::vector<Expression> expressions_;       // by Hyperscan id, in either database
  std::vector<Expression> re2_expressions_;   // by RE2::Set index
  std::vector<uint32_t> rule_ids_;
  hs_database* database_ = nullptr;           // keywords and patterns
  // The URL detector, on its own: its word boundaries make Hyperscan try every offset, so it runs
  // only on a text may_hold_link() lets through. One scratch serves both databases.
  hs_database* url_database_ = nullptr;
  std::unique_ptr<ScratchPool> scratch_;
  std::unique_ptr<Re2Fallback> re2_;
};

}  // namespace smppd::plugins::firewall
