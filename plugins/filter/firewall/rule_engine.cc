#include "plugins/filter/firewall/rule_engine.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "plugins/filter/firewall/utf8_text.h"

namespace smppd::plugins::firewall {

// What evaluating one message works out once and shares between rules.
struct RuleEngine::PerMessage {
  const MessageFacts& facts;
  const ContentIndex::Hits& hits;
  const ListSet& lists;
  const RuleClocks& clocks;
  std::string_view source;
  std::string_view destination;
  std::optional<uint32_t> chars;
  std::optional<uint64_t> fingerprint;
  std::optional<uint64_t> destination_hash;
  std::optional<int64_t> monotonic;  // read once, when a rule first needs it
  std::optional<int64_t> realtime;

  int64_t monotonic_ns() {
    if (!monotonic) monotonic = clocks.monotonic_ns();
    return *monotonic;
  }
  int64_t realtime_ns() {
    if (!realtime) realtime = clocks.realtime_ns();
    return *realtime;
  }
};

RuleEngine::RuleEngine(std::vector<RuleSpec> rules, uint64_t rate_max_keys) : specs_(std::move(rules)) {
  compiled_.resize(specs_.size());
  for (size_t i = 0; i < specs_.size(); ++i) {
    const RuleSpec& spec = specs_[i];
    Compiled& compiled = compiled_[i];
    const auto index = static_cast<uint32_t>(i);
    for (const auto& address : spec.source_addr) compiled.source_exact.insert(address);
    for (const auto& prefix : spec.source_prefix) compiled.source_prefixes.insert(prefix, index);
    for (const auto& prefix : spec.destination_prefix) compiled.destination_prefixes.insert(prefix, index);
    compiled.system_ids = spec.system_id;
    reads_coding_ = reads_coding_ || !spec.data_coding.empty() || spec.esm_class.has_value();
    std::sort(compiled.system_ids.begin(), compiled.system_ids.end());
    if (spec.flood) {
      compiled.flood = std::make_unique<FloodTracker>(spec.flood->destinations, spec.flood->window_ms * 1'000'000,
                                                      static_cast<size_t>(rate_max_keys));
    }
    if (spec.pumping) {
      compiled.pumping = std::make_unique<PumpingTracker>(spec.pumping->messages, spec.pumping->window_ms * 1'000'000,
                                                          static_cast<size_t>(rate_max_keys));
    }

    if (spec.has_content()) continue;  // the content index names it
    if (spec.urls != UrlMatch::none) {
      url_rules_.push_back(index);
    } else if (!spec.destination_prefix.empty() && spec.destination_lists.empty()) {
      for (const auto& prefix : spec.destination_prefix) destination_index_.insert(prefix, index);
    } else {
      always_.push_back(index);
    }
  }
}

ContentInputs RuleEngine::content_inputs(const ListSet& lists) const {
  ContentInputs inputs;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const RuleSpec& spec = specs_[i];
    const auto index = static_cast<uint32_t>(i);
    for (const auto& keyword : spec.keywords) inputs.add_keyword(keyword, index);
    for (const uint32_t slot : spec.keyword_lists) {
      if (const auto words = lists.words(slot)) {
        for (const auto& word : words->words()) inputs.add_keyword(word, index);
      }
    }
    for (const auto& pattern : spec.patterns) inputs.add_pattern(pattern, index);
    if (spec.urls != UrlMatch::none) inputs.urls = true;
  }
  return inputs;
}

RuleEngine::Evaluation RuleEngine::evaluate(const MessageFacts& facts, const ContentIndex& content, const ListSet& lists,
                                            const RuleClocks& clocks) const {
  ContentIndex::Hits hits;
  content.scan(facts.text, &hits);
  PerMessage message{facts, hits, lists, clocks, comparable_address(facts.source_addr),
                     comparable_address(facts.destination_addr),
                     std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt};

  std::vector<uint32_t> candidates = always_;
  candidates.insert(candidates.end(), hits.rules.begin(), hits.rules.end());
  if (hits.url) candidates.insert(candidates.end(), url_rules_.begin(), url_rules_.end());
  destination_index_.for_each_match(message.destination, [&candidates](uint32_t rule) { candidates.push_back(rule); });
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  Evaluation evaluation;
  evaluation.candidates = candidates.size();
  for (const uint32_t index : candidates) {
    if (!holds(index, message)) continue;
    evaluation.matched.push_back(index);
    const RuleSpec& spec = specs_[index];
    if (spec.action != Action::tag && !spec.monitor) {
      evaluation.decided = true;
      break;
    }
  }
  return evaluation;
}

bool RuleEngine::holds(uint32_t index, PerMessage& message) const {
  const RuleSpec& spec = specs_[index];
  const Compiled& compiled = compiled_[index];
  const MessageFacts& facts = message.facts;

  if (!compiled.system_ids.empty() &&
      !std::binary_search(compiled.system_ids.begin(), compiled.system_ids.end(), facts.system_id)) {
    return false;
  }
  if (!spec.data_coding.empty() &&
      std::find(spec.data_coding.begin(), spec.data_coding.end(), facts.data_coding) == spec.data_coding.end()) {
    return false;
  }
  if (spec.esm_class && (facts.esm_class & spec.esm_class->mask) != spec.esm_class->value) return false;
  if (spec.length) {
    const LengthMatch& length = *spec.length;
    if (length.min_parts && facts.parts < *length.min_parts) return false;
    if (length.max_parts && facts.parts > *length.max_parts) return false;
    if (length.min_chars || length.max_chars) {
      if (!message.chars) message.chars = static_cast<uint32_t>(count_code_points(facts.text));
      if (length.min_chars && *message.chars < *length.min_chars) return false;
      if (length.max_chars && *message.chars > *length.max_chars) return false;
    }
  }
  if (spec.has_sender()) {
    bool found = compiled.source_exact.count(std::string(message.source)) != 0 ||
                 compiled.source_prefixes.matches_any(message.source);
    for (size_t i = 0; !found && i < spec.source_lists.size(); ++i) {
      const auto list = message.lists.numbers(spec.source_lists[i]);
      found = list != nullptr && list->contains(message.source);
    }
    if (!found) return false;
  }
  if (spec.has_destination()) {
    bool found = compiled.destination_prefixes.matches_any(message.destination);
    for (size_t i = 0; !found && i < spec.destination_lists.size(); ++i) {
      const auto list = message.lists.numbers(spec.destination_lists[i]);
      found = list != nullptr && list->contains(message.destination);
    }
    if (!found) return false;
  }
  if (spec.has_content() && !std::binary_search(message.hits.rules.begin(), message.hits.rules.end(), index)) {
    return false;
  }
  if (spec.urls == UrlMatch::any && !message.hits.url) return false;
  if (spec.urls == UrlMatch::shortener && !message.hits.shortener) return false;
  if (spec.time && !spec.time->matches(message.realtime_ns())) return false;

  // Rate conditions last: they count only messages the rest of the rule matched.
  bool over = true;
  if (compiled.flood) {
    if (!message.fingerprint) message.fingerprint = fnv1a64(normalize_for_fingerprint(facts.text));
    if (!message.destination_hash) message.destination_hash = fnv1a64(message.destination);
    over = compiled.flood->record(*message.fingerprint, *message.destination_hash, message.monotonic_ns());
  }
  if (compiled.pumping) {
    std::string_view key = message.destination;
    if (spec.pumping->prefix_length > 0 && key.size() > spec.pumping->prefix_length) {
      key = key.substr(0, spec.pumping->prefix_length);
    }
    const bool pumped = compiled.pumping->record(fnv1a64(key), message.monotonic_ns());
    over = over && pumped;
  }
  return over;
}

uint64_t RuleEngine::rate_evictions() const noexcept {
  uint64_t total = 0;
  for (const Compiled& compiled : compiled_) {
    if (compiled.flood) total += compiled.flood->evictions();
    if (compiled.pumping) total += compiled.pumping->evictions();
  }
  return total;
}

}  // namespace smppd::plugins::firewall
