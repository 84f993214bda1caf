#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "plugins/filter/firewall/content_index.h"
#include "plugins/filter/firewall/list_set.h"
#include "plugins/filter/firewall/message_facts.h"
#include "plugins/filter/firewall/prefix_trie.h"
#include "plugins/filter/firewall/rate_tracker.h"
#include "plugins/filter/firewall/rule.h"
#include "plugins/filter/firewall/rule_clocks.h"

namespace smppd::plugins::firewall {

// The rules, compiled for evaluation. Which rules are looked at for a message comes from indexes,
// not from a scan over every rule:
//   - rules with content conditions (keywords, lists of words, patterns): the content index's
//     one scan of the text names them;
//   - rules with a URL condition and no other content: when the scan found a link;
//   - rules with destination prefixes (and no list of destinations) and no content: a prefix tree
//     walked once along the destination;
//   - every other rule: always.
// Those candidates are then checked in rule order. Immutable but for the rate conditions' windows.
class RuleEngine {
 public:
  RuleEngine(std::vector<RuleSpec> rules, uint64_t rate_max_keys);

  const std::vector<RuleSpec>& rules() const noexcept { return specs_; }
  // Whether a rule looks at data_coding or esm_class: else a message's need not be read.
  bool reads_coding() const noexcept { return reads_coding_; }

  // The keywords and patterns of every rule, with the words of the lists they name as they are now.
  ContentInputs content_inputs(const ListSet& lists) const;

  // The rules whose conditions all hold, in rule order, up to and including the first one that
  // decides (an allow or deny rule that is not monitor-only). Rate conditions count the message
  // only for rules whose other conditions held.
  struct Evaluation {
    std::vector<uint32_t> matched;
    bool decided = false;  // the last of `matched` decides
    size_t candidates = 0;
  };
  Evaluation evaluate(const MessageFacts& facts, const ContentIndex& content, const ListSet& lists,
                      const RuleClocks& clocks) const;

  // Entries evicted from the rate conditions' windows (memory bound reached), all rules together.
  uint64_t rate_evictions() const noexcept;

 private:
  struct Compiled {
    std::unordered_set<std::string> source_exact;
    PrefixTrie source_prefixes;
    PrefixTrie destination_prefixes;
    std::vector<std::string> system_ids;  // sorted
    std::unique_ptr<FloodTracker> flood;
    std::unique_ptr<PumpingTracker> pumping;
  };
  struct PerMessage;

  bool holds(uint32_t index, PerMessage& message) const;

  std::vector<RuleSpec> specs_;
  std::vector<Compiled> compiled_;
  std::vector<uint32_t> always_;     // rules no index names: always candidates
  std::vector<uint32_t> url_rules_;  // URL condition, no other content
  PrefixTrie destination_index_;     // destination prefix -> rules
  bool reads_coding_ = false;
};

}  // namespace smppd::plugins::firewall
