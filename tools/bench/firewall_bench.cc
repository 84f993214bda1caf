// The firewall's cost per message against 0, 100 and 10,000 keyword rules: Firewall::decide as a
// session calls it (the one Hyperscan scan, the candidate rules, their conditions, the counters),
// on 160-character messages that match no rule or one rule. The baseline, in the same run, is
// what a firewall without an index does: lower-case the text once, then look for every rule's
// keyword in it with std::string::find. docs/benchmarks.md has the numbers.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "plugins/filter/firewall/firewall.h"
#include "plugins/filter/firewall/firewall_config.h"

namespace smppd::plugins::firewall {
namespace {

constexpr size_t kMessages = 256;  // a power of two: the loop picks with a mask

// Counters that count, a clock that runs, no logs: what smppd's host costs, roughly.
class BenchHost final : public HostServices {
 public:
  int64_t monotonic_ns() const noexcept override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  int64_t realtime_ns() const noexcept override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  bool log_enabled(Severity) const noexcept override { return false; }
  void log(Severity, std::string_view) const noexcept override {}
  std::optional<uint32_t> define_counter(std::string_view, std::string_view) const override {
    counters_.push_back(0);
    return static_cast<uint32_t>(counters_.size() - 1);
  }
  void count(uint32_t counter, uint64_t delta) const noexcept override { counters_[counter] += delta; }
  bool schedule(std::chrono::nanoseconds, std::function<void()>) const override { return false; }
  bool run_blocking(std::function<void()>) const override { return false; }
  bool finish(uint64_t, const Decision&) const noexcept override { return false; }

 private:
  mutable std::vector<uint64_t> counters_;
};

std::string keyword(size_t i) { return "offer" + std::to_string(i * 7919 % 1000003); }

// `count` deny rules of one keyword each, as JSON.
std::string keyword_rules(size_t count) {
  std::string json = R"({"rule_metrics": false, "rules": [)";
  for (size_t i = 0; i < count; ++i) {
    if (i != 0) json += ',';
    json += R"({"name": "r)" + std::to_string(i) + R"(", "action": "deny", "match": {"keywords": [")" + keyword(i) +
            R"("]}})";
  }
  return json + "]}";
}

// 160 characters of ordinary words; with `hit`, one of the rules' keywords in the middle.
std::vector<MessageFacts> messages(size_t rules, bool hit) {
  static const char* const kWords[] = {"hello", "see",  "you",   "at",    "the",  "station", "tomorrow", "your",
                                       "order", "has",  "been",  "sent",  "call", "me",      "when",     "free",
                                       "dear",  "team", "meeting", "moved", "to",  "three",   "thanks",   "ok"};
  std::mt19937 generator(1);
  std::uniform_int_distribution<size_t> word(0, std::size(kWords) - 1);
  std::uniform_int_distribution<size_t> rule(0, rules == 0 ? 0 : rules - 1);
  std::vector<MessageFacts> out(kMessages);
  for (MessageFacts& facts : out) {
    facts.system_id = "acme";
    facts.source_addr = "ACME";
    facts.destination_addr = "447700900123";
    while (facts.text.size() < 160) {
      if (hit && rules != 0 && facts.text.size() > 70 && facts.text.size() < 80) {
        facts.text += keyword(rule(generator)) + ' ';
      } else {
        facts.text += std::string(kWords[word(generator)]) + ' ';
      }
    }
    facts.text.resize(160);
  }
  return out;
}

void firewall_decide(benchmark::State& state) {
  const auto rules = static_cast<size_t>(state.range(0));
  const bool hit = state.range(1) != 0;
  const auto firewall = Firewall::create(parse_firewall_config(keyword_rules(rules)), std::make_shared<BenchHost>());
  const std::vector<MessageFacts> input = messages(rules, hit);
  size_t next = 0;
  size_t denied = 0;
  for (auto _ : state) {
    const Decision decision = firewall->decide(input[next++ & (kMessages - 1)]);
    denied += decision.deny ? 1 : 0;
    benchmark::DoNotOptimize(decision.deny);
  }
  if (hit && rules != 0 && denied != static_cast<size_t>(state.iterations())) std::abort();
  state.SetItemsProcessed(state.iterations());
}

// The baseline: every rule's keyword looked for in the lower-cased text, in rule order (no word
// boundaries, ASCII only: less than the firewall checks).
void naive_scan(benchmark::State& state) {
  const auto rules = static_cast<size_t>(state.range(0));
  const bool hit = state.range(1) != 0;
  std::vector<std::string> keywords;
  for (size_t i = 0; i < rules; ++i) keywords.push_back(keyword(i));
  const std::vector<MessageFacts> input = messages(rules, hit);
  size_t next = 0;
  for (auto _ : state) {
    std::string text = input[next++ & (kMessages - 1)].text;
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    size_t matched = rules;
    for (size_t i = 0; i < rules; ++i) {
      if (text.find(keywords[i]) != std::string::npos) {
        matched = i;
        break;
      }
    }
    benchmark::DoNotOptimize(matched);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(firewall_decide)->Name("firewall_decide")->ArgNames({"rules", "hit"})->ArgsProduct({{0, 100, 10000}, {0, 1}});
BENCHMARK(naive_scan)->Name("baseline_naive_find")->ArgNames({"rules", "hit"})->ArgsProduct({{100, 10000}, {0, 1}});

}  // namespace
}  // namespace smppd::plugins::firewall
