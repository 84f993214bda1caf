#include "plugins/filter/firewall/content_index.h"

#include <hs/hs.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "plugins/filter/firewall/url_patterns.h"
#include "plugins/filter/firewall/utf8_text.h"

namespace smppd::plugins::firewall {
namespace {

std::string folded_keyword(std::string_view keyword) {
  std::string out;
  bool space = false;
  for (size_t at = 0; at < keyword.size();) {
    const char32_t c = next_code_point(keyword, &at);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    append_utf8(out, fold_case(c));
  }
  return out;
}

// A keyword as a Hyperscan expression: its characters literally, any run of blanks as \s+.
std::string keyword_expression(std::string_view keyword, bool* non_ascii, bool* blanks) {
  std::string out;
  bool space = false;
  for (const char c : keyword) {
    const auto octet = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      *blanks = true;
      continue;
    }
    if (space) out += "\\s+";
    space = false;
    if (octet >= 0x80) {
      *non_ascii = true;
      out += c;
    } else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      out += c;
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", octet);
      out += escaped;
    }
  }
  return out;
}

void free_compile_error(hs_compile_error_t* error) {
  if (error != nullptr) hs_free_compile_error(error);
}

}  // namespace

bool hyperscan_supported() noexcept { return hs_valid_platform() == HS_SUCCESS; }

void ContentInputs::add(std::vector<Source>& sources, std::unordered_map<std::string, size_t>& index, std::string key,
                        std::string_view text, uint32_t rule) {
  auto [it, inserted] = index.emplace(std::move(key), sources.size());
  if (inserted) {
    sources.push_back(Source{std::string(text), {rule}});
    return;
  }
  auto& rules = sources[it->second].rules;
  if (rules.back() != rule) rules.push_back(rule);
}

void ContentInputs::add_keyword(std::string_view keyword, uint32_t rule) {
  std::string key = folded_keyword(keyword);
  if (key.empty()) return;
  add(keywords, keyword_index_, std::move(key), keyword, rule);
}

void ContentInputs::add_pattern(std::string_view pattern, uint32_t rule) {
  add(patterns, pattern_index_, std::string(pattern), pattern, rule);
}

// Scratch space for scans: one per scan running at once, cloned from the first on demand.
// Hyperscan needs a scratch per concurrent scan. Each thread keeps the one it first got from the
// newest pool it used, taken and given back without a lock (a mutex per message showed in the
// policy bench's profile); the pool owns every scratch it made and frees them all when it goes.
class ContentIndex::ScratchPool {
 public:
  explicit ScratchPool(hs_scratch_t* prototype) : prototype_(prototype), id_(next_id()) {}
  ~ScratchPool() {
    for (hs_scratch_t* scratch : made_) hs_free_scratch(scratch);
    hs_free_scratch(prototype_);
  }
  ScratchPool(const ScratchPool&) = delete;
  ScratchPool& operator=(const ScratchPool&) = delete;

  hs_scratch_t* acquire() {
    ThreadSlot& slot = thread_slot();
    if (slot.pool == id_ && !slot.in_use) {
      slot.in_use = true;
      return slot.scratch;
    }
    hs_scratch_t* scratch = take_shared();
    if (scratch != nullptr && slot.pool != id_) slot = ThreadSlot{id_, scratch, true};  // this thread's from now on
    return scratch;
  }
  void release(hs_scratch_t* scratch) {
    ThreadSlot& slot = thread_slot();
    if (slot.pool == id_ && slot.scratch == scratch) {
      slot.in_use = false;
      return;
    }
    std::lock_guard lock(mutex_);
    free_.push_back(scratch);
  }

 private:
  // A pool id is never reused, so a thread's slot left from a pool that is gone matches nothing.
  struct ThreadSlot {
    uint64_t pool = 0;
    hs_scratch_t* scratch = nullptr;
    bool in_use = false;  // a scan nested on the same thread takes a shared one
  };
  static ThreadSlot& thread_slot() {
    thread_local ThreadSlot slot;
    return slot;
  }
  static uint64_t next_id() {
    static std::atomic<uint64_t> ids{0};
    return ids.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  hs_scratch_t* take_shared() {
    std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      hs_scratch_t* scratch = free_.back();
      free_.pop_back();
      return scratch;
    }
    hs_scratch_t* clone = nullptr;
    if (hs_clone_scratch(prototype_, &clone) != HS_SUCCESS) return nullptr;
    made_.push_back(clone);
    return clone;
  }

  hs_scratch_t* prototype_;
  const uint64_t id_;
  std::mutex mutex_;
  std::vector<hs_scratch_t*> made_;  // every scratch cloned, each freed once by the destructor
  std::vector<hs_scratch_t*> free_;  // of those, the ones no scan holds and no thread keeps
};

class Re2Fallback {
 public:
  Re2Fallback() : set_(options(), RE2::UNANCHORED) {}
  bool add(const std::string& pattern, std::string* error) { return set_.Add(pattern, error) >= 0; }
  bool compile() { return set_.Compile(); }
  bool match(std::string_view text, std::vector<int>* matched) const { return set_.Match(text, matched); }

 private:
  static RE2::Options options() {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_never_capture(true);
    return options;
  }
  RE2::Set set_;
};

struct ContentIndex::ScanContext {
  const ContentIndex* index;
  std::string_view text;
  ContentIndex::Hits* hits;
};

ContentIndex::ContentIndex() = default;

ContentIndex::~ContentIndex() {
  scratch_.reset();
  if (database_ != nullptr) hs_free_database(database_);
  if (url_database_ != nullptr) hs_free_database(url_database_);
}

std::unique_ptr<ContentIndex> ContentIndex::build(const ContentInputs& inputs, std::vector<Fallback>* fallbacks) {
  std::unique_ptr<ContentIndex> index(new ContentIndex());

  struct Candidate {
    std::string expression;
    unsigned int flags = 0;
    Expression meta;
    const std::string* pattern = nullptr;  // for a pattern: its text, to fall back on RE2
  };
  std::vector<Candidate> candidates;
  std::vector<Candidate> on_re2;
  // One database of `list`, Hyperscan ids counted from `first_id` (ids index expressions_).
  const auto compile = [](const std::vector<Candidate>& list, size_t first_id, hs_database_t** database,
                          hs_compile_error_t** error) {
    std::vector<const char*> expressions;
    std::vector<unsigned int> flags;
    std::vector<unsigned int> ids;
    for (size_t i = 0; i < list.size(); ++i) {
      expressions.push_back(list[i].expression.c_str());
      flags.push_back(list[i].flags);
      ids.push_back(static_cast<unsigned int>(first_id + i));
    }
    return hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned int>(list.size()),
                            HS_MODE_BLOCK, nullptr, database, error);
  };
  const auto with_rules = [&index](Expression meta, const std::vector<uint32_t>& rules) {
    meta.rules_begin = static_cast<uint32_t>(index->rule_ids_.size());
    index->rule_ids_.insert(index->rule_ids_.end(), rules.begin(), rules.end());
    meta.rules_end = static_cast<uint32_t>(index->rule_ids_.size());
    return meta;
  };

  for (const auto& keyword : inputs.keywords) {
    Candidate candidate;
    bool non_ascii = false;
    bool blanks = false;
    candidate.expression = keyword_expression(keyword.text, &non_ascii, &blanks);
    Expression meta;
    meta.kind = Kind::keyword;
    if (non_ascii || blanks) {
      // A caseless UTF-8 match or a run of blanks may be longer or shorter than the keyword.
      candidate.flags = HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST | (non_ascii ? HS_FLAG_UTF8 : 0u);
    } else {
      candidate.flags = HS_FLAG_CASELESS;
      meta.length = static_cast<uint32_t>(keyword.text.size());
    }
    size_t at = 0;
    meta.word_start = is_word_code_point(next_code_point(keyword.text, &at));
    meta.word_end = is_word_code_point(code_point_before(keyword.text, keyword.text.size()));
    candidate.meta = with_rules(meta, keyword.rules);
    candidates.push_back(std::move(candidate));
  }
  for (const auto& pattern : inputs.patterns) {
    Candidate candidate;
    candidate.expression = pattern.text;
    candidate.flags = HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH;
    Expression meta;
    meta.kind = Kind::pattern;
    candidate.meta = with_rules(meta, pattern.rules);
    candidate.pattern = &pattern.text;
    // Refused one by one first (unsupported constructs), so the database compiles once.
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(pattern.text.c_str(), candidate.flags, &info, &error) != HS_SUCCESS) {
      if (fallbacks != nullptr) fallbacks->push_back({pattern.text, error != nullptr ? error->message : "refused"});
      free_compile_error(error);
      on_re2.push_back(std::move(candidate));
      continue;
    }
    std::free(info);
    candidates.push_back(std::move(candidate));
  }

  // Compile; a pattern refused only in the whole database (it matches the empty text, say) moves
  // to RE2 and the rest compiles again.
  while (!candidates.empty()) {
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    if (compile(candidates, 0, &database, &error) == HS_SUCCESS) {
      index->database_ = database;
      break;
    }
    const std::string reason = error != nullptr ? error->message : "compile failed";
    const int at = error != nullptr ? error->expression : -1;
    free_compile_error(error);
    if (at >= 0 && static_cast<size_t>(at) < candidates.size() && candidates[static_cast<size_t>(at)].pattern != nullptr) {
      if (fallbacks != nullptr) fallbacks->push_back({*candidates[static_cast<size_t>(at)].pattern, reason});
      on_re2.push_back(std::move(candidates[static_cast<size_t>(at)]));
      candidates.erase(candidates.begin() + at);
      continue;
    }
    if (at >= 0 && static_cast<size_t>(at) < candidates.size()) {
      throw std::runtime_error("Hyperscan refused the expression \"" + candidates[static_cast<size_t>(at)].expression +
                               "\": " + reason);
    }
    throw std::runtime_error("Hyperscan could not compile the content database: " + reason);
  }
  for (Candidate& candidate : candidates) index->expressions_.push_back(candidate.meta);

  if (inputs.urls) {
    std::vector<Candidate> detector;
    for (const UrlPattern& url : kUrlPatterns) {
      Candidate candidate;
      candidate.expression = std::string(url.expression);
      candidate.flags = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;
      candidate.meta.kind = url.shortener ? Kind::shortener : Kind::url;
      detector.push_back(std::move(candidate));
    }
    hs_compile_error_t* error = nullptr;
    if (compile(detector, index->expressions_.size(), &index->url_database_, &error) != HS_SUCCESS) {
      const std::string reason = error != nullptr ? error->message : "compile failed";
      free_compile_error(error);
      throw std::runtime_error("Hyperscan could not compile the URL detector: " + reason);
    }
    for (Candidate& candidate : detector) index->expressions_.push_back(candidate.meta);
  }

  hs_scratch_t* prototype = nullptr;
  for (hs_database_t* database : {index->database_, index->url_database_}) {
    if (database == nullptr) continue;
    // A scratch allocated again for a second database serves both.
    if (hs_alloc_scratch(database, &prototype) != HS_SUCCESS) {
      if (prototype != nullptr) hs_free_scratch(prototype);
      throw std::runtime_error("Hyperscan could not allocate scratch space");
    }
  }
  if (prototype != nullptr) index->scratch_ = std::make_unique<ScratchPool>(prototype);

  if (!on_re2.empty()) {
    auto set = std::make_unique<Re2Fallback>();
    for (Candidate& candidate : on_re2) {
      std::string error;
      if (!set->add(*candidate.pattern, &error)) {
        throw std::runtime_error("RE2 refused the pattern \"" + *candidate.pattern + "\": " + error);
      }
      index->re2_expressions_.push_back(candidate.meta);
    }
    if (!set->compile()) throw std::runtime_error("RE2 could not compile the patterns Hyperscan refused (out of memory)");
    index->re2_ = std::move(set);
  }
  return index;
}

int ContentIndex::on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
                           void* context) {
  auto* scan = static_cast<ScanContext*>(context);
  const Expression& expression = scan->index->expressions_[id];
  switch (expression.kind) {
    case Kind::url:
      scan->hits->url = true;
      return 0;
    case Kind::shortener:
      scan->hits->url = true;
      scan->hits->shortener = true;
      return 0;
    case Kind::keyword: {
      const std::string_view text = scan->text;
      const auto begin = expression.length != 0 ? static_cast<size_t>(to) - expression.length : static_cast<size_t>(from);
      const auto end = static_cast<size_t>(to);
      if (expression.word_start && begin > 0 && is_word_code_point(code_point_before(text, begin))) return 0;
      if (expression.word_end && end < text.size()) {
        size_t at = end;
        if (is_word_code_point(next_code_point(text, &at))) return 0;
      }
      break;
    }
    case Kind::pattern: break;
  }
  const auto& ids = scan->index->rule_ids_;
  scan->hits->rules.insert(scan->hits->rules.end(), ids.begin() + expression.rules_begin,
                           ids.begin() + expression.rules_end);
  return 0;
}

namespace {

// Whether the text holds a '.' or a '/' at all, eight octets a step: both signs below need one,
// most messages hold neither, and the exact look reads the text three times.
bool holds_dot_or_slash(std::string_view text) noexcept {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  const auto has_octet = [](uint64_t word, uint8_t octet) {
    const uint64_t x = word ^ (kOnes * octet);  // a zero octet where `word` holds `octet`
    return ((x - kOnes) & ~x & kHighs) != 0;
  };
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, text.data() + i, sizeof word);
    if (has_octet(word, '.') || has_octet(word, '/')) return true;
  }
  for (; i < text.size(); ++i) {
    if (text[i] == '.' || text[i] == '/') return true;
  }
  return false;
}

}  // namespace

bool ContentIndex::may_hold_link(std::string_view text) noexcept {
  if (!holds_dot_or_slash(text)) return false;
  if (text.find("://") != std::string_view::npos) return true;
  for (size_t dot = text.find('.'); dot != std::string_view::npos && dot + 1 < text.size(); dot = text.find('.', dot + 1)) {
    const char next = text[dot + 1];
    const char lower = static_cast<char>(next | 0x20);
    if ((next >= '0' && next <= '9') || (lower >= 'a' && lower <= 'z')) return true;
  }
  return false;
}

void ContentIndex::scan(std::string_view text, Hits* hits) const {
  hits->clear();
  hs_database_t* const url_database = url_database_ != nullptr && may_hold_link(text) ? url_database_ : nullptr;
  if (database_ != nullptr || url_database != nullptr) {
    hs_scratch_t* scratch = scratch_->acquire();
    if (scratch == nullptr) throw std::runtime_error("Hyperscan could not allocate scratch space for a scan");
    ScanContext context{this, text, hits};
    hs_error_t rc = HS_SUCCESS;
    for (hs_database_t* database : {database_, url_database}) {
      if (database != nullptr && rc == HS_SUCCESS) {
        rc = hs_scan(database, text.data(), static_cast<unsigned int>(text.size()), 0, scratch, &ContentIndex::on_match,
                     &context);
      }
    }
    scratch_->release(scratch);
    if (rc != HS_SUCCESS) throw std::runtime_error("Hyperscan scan failed");
  }
  if (re2_ != nullptr) {
    std::vector<int> matched;
    if (re2_->match(text, &matched)) {
      for (const int i : matched) {
        const Expression& expression = re2_expressions_[static_cast<size_t>(i)];
        hits->rules.insert(hits->rules.end(), rule_ids_.begin() + expression.rules_begin,
                           rule_ids_.begin() + expression.rules_end);
      }
    }
  }
  std::sort(hits->rules.begin(), hits->rules.end());
  hits->rules.erase(std::unique(hits->rules.begin(), hits->rules.end()), hits->rules.end());
}

}  // namespace smppd::plugins::firewall
