#include "plugins/filter/firewall/firewall.h"

#include <exception>
#include <utility>

#include "plugins/filter/firewall/config_error.h"
#include "plugins/filter/firewall/utf8_text.h"

namespace smppd::plugins::firewall {
namespace {

constexpr uint32_t kStatusSystemError = 0x08;  // ESME_RSYSERR

std::string metric_safe(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '-') c = '_';
  }
  return out;
}

std::string hex_status(uint32_t status) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) {
    const auto digit = (status >> shift) & 0xF;
    if (digit != 0 || out.size() > 2 || shift <= 4) out += kDigits[digit];
  }
  return out;
}

// A value for a log line: quoted, control characters and quotes escaped, at most `limit` octets.
std::string quoted(std::string_view text, size_t limit = 64) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < limit; ++i) {
    const char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (text.size() > limit) out += "...";
  out += '"';
  return out;
}

}  // namespace

Firewall::Firewall(FirewallConfig config, std::shared_ptr<const HostServices> host)
    : host_(std::move(host)),
      settings_(config.settings),
      list_specs_(std::move(config.lists)),
      lists_(list_specs_.size()),
      engine_(std::move(config.rules), config.settings.rate_max_keys),
      list_states_(list_specs_.size()) {}

Firewall::~Firewall() = default;

std::shared_ptr<Firewall> Firewall::create(FirewallConfig config, std::shared_ptr<const HostServices> host) {
  std::shared_ptr<Firewall> firewall(new Firewall(std::move(config), std::move(host)));
  const HostServices& services = *firewall->host_;
  for (size_t i = 0; i < kStatNames.size(); ++i) {
    firewall->stats_[i] = services.define_counter(kStatNames[i].name, kStatNames[i].help);
  }
  firewall->load_lists();
  firewall->rebuild_content(nullptr);

  const auto& rules = firewall->engine_.rules();
  firewall->rule_counters_.resize(rules.size());
  if (firewall->settings_.rule_metrics) {
    for (size_t i = 0; i < rules.size(); ++i) {
      const std::string base = "rule." + metric_safe(rules[i].name) + ".";
      RuleCounters& counters = firewall->rule_counters_[i];
      counters.matched = services.define_counter(base + "matched", "messages the rule's conditions matched");
      if (rules[i].action == Action::deny) {
        counters.denied = services.define_counter(base + "denied", "messages the rule denied");
        counters.would_deny = services.define_counter(base + "would_deny", "messages the rule would have denied (monitor)");
      }
      if (rules[i].action == Action::tag) {
        counters.tagged = services.define_counter(base + "tagged", "messages the rule tagged");
        counters.would_tag = services.define_counter(base + "would_tag", "messages the rule would have tagged (monitor)");
      }
    }
  }
  return firewall;
}

void Firewall::load_lists() {
  for (size_t i = 0; i < list_specs_.size(); ++i) {
    const ListSpec& spec = list_specs_[i];
    const std::string where = "lists[" + std::to_string(i) + "] (\"" + spec.name + "\").file";
    list_states_[i].stamp = stamp_of(spec.file);
    std::string error;
    const auto content = read_text_file(spec.file, &error);
    if (!content) throw ConfigError(where + ": \"" + spec.file + "\": " + error);
    if (spec.kind == ListKind::numbers) {
      auto list = NumberList::parse(*content, &error);
      if (!list) throw ConfigError(where + ": \"" + spec.file + "\": " + error);
      lists_.set(static_cast<uint32_t>(i), std::make_shared<const NumberList>(std::move(*list)));
    } else {
      auto list = WordList::parse(*content, &error);
      if (!list) throw ConfigError(where + ": \"" + spec.file + "\": " + error);
      lists_.set(static_cast<uint32_t>(i), std::make_shared<const WordList>(std::move(*list)));
    }
  }
}

void Firewall::rebuild_content(const char* why) {
  std::vector<ContentIndex::Fallback> fallbacks;
  std::shared_ptr<const ContentIndex> index;
  try {
    index = ContentIndex::build(engine_.content_inputs(lists_), &fallbacks);
  } catch (const std::exception& e) {
    if (why == nullptr) throw ConfigError(std::string("rules: ") + e.what());
    host_->log(Severity::error, std::string("the rules' content could not be compiled after ") + why + ": " + e.what() +
                                    "; the previous keywords stay in force");
    count(Stat::list_reload_failures);
    return;
  }
  for (const auto& fallback : fallbacks) {
    std::string users;
    const auto& rules = engine_.rules();
    for (size_t i = 0; i < rules.size(); ++i) {
      for (const auto& pattern : rules[i].patterns) {
        if (pattern == fallback.pattern) users += (users.empty() ? "" : ", ") + quoted(rules[i].name);
      }
    }
    if (why == nullptr) {
      host_->log(Severity::warn, "pattern " + quoted(fallback.pattern, 256) + " (rules " + users +
                                     ") runs on RE2, not Hyperscan: " + fallback.reason);
    }
  }
  if (why == nullptr) count(Stat::patterns_on_re2, fallbacks.size());
  content_.store(std::move(index));
  static std::atomic<uint64_t> generations{0};
  content_generation_.store(generations.fetch_add(1) + 1, std::memory_order_release);
}

const ContentIndex& Firewall::content() const {
  struct Cached {
    const Firewall* owner = nullptr;
    uint64_t generation = 0;
    std::shared_ptr<const ContentIndex> index;
  };
  thread_local Cached cached;
  const uint64_t generation = content_generation_.load(std::memory_order_acquire);
  if (cached.owner != this || cached.generation != generation) {
    // Loaded after the generation: at least as new as it (a newer one is loaded again next time).
    cached.index = content_.load();
    cached.owner = this;
    cached.generation = generation;
  }
  return *cached.index;
}

void Firewall::start() {
  if (!list_specs_.empty()) schedule_poll();
}

void Firewall::stop() noexcept { stopped_.store(true); }

void Firewall::schedule_poll() {
  if (stopped_.load()) return;
  std::weak_ptr<Firewall> weak = weak_from_this();
  const bool scheduled = host_->schedule(std::chrono::milliseconds(settings_.list_reload_interval_ms), [weak] {
    const auto self = weak.lock();
    if (self == nullptr || self->stopped_.load()) return;
    self->poll_lists([weak] {
      if (const auto again = weak.lock()) again->schedule_poll();
    });
  });
  if (!scheduled) host_->log(Severity::debug, "list polling stops: the host refused a timer (stopping)");
}

void Firewall::poll_lists(std::function<void()> then) {
  std::vector<uint32_t> changed;
  for (size_t i = 0; i < list_specs_.size(); ++i) {
    const auto stamp = stamp_of(list_specs_[i].file);
    if (stamp != list_states_[i].stamp) changed.push_back(static_cast<uint32_t>(i));
  }
  if (changed.empty()) {
    then();
    return;
  }
  std::weak_ptr<Firewall> weak = weak_from_this();
  auto work = [weak, changed, then]() mutable {
    if (const auto self = weak.lock()) {
      if (!self->stopped_.load()) self->reload(std::move(changed));
    }
    then();
  };
  if (!host_->run_blocking(work)) {
    host_->log(Severity::warn, "the blocking pool is full: list files are looked at again at the next poll");
    then();
  }
}

void Firewall::reload(std::vector<uint32_t> changed) {
  bool words_changed = false;
  for (const uint32_t i : changed) {
    const ListSpec& spec = list_specs_[i];
    list_states_[i].stamp = stamp_of(spec.file);
    std::string error;
    const auto content = read_text_file(spec.file, &error);
    bool ok = content.has_value();
    if (ok && spec.kind == ListKind::numbers) {
      auto list = NumberList::parse(*content, &error);
      ok = list.has_value();
      if (ok) lists_.set(i, std::make_shared<const NumberList>(std::move(*list)));
    } else if (ok) {
      auto list = WordList::parse(*content, &error);
      ok = list.has_value();
      if (ok) {
        lists_.set(i, std::make_shared<const WordList>(std::move(*list)));
        words_changed = true;
      }
    }
    if (ok) {
      count(Stat::list_reloads);
      host_->log(Severity::info, "list " + quoted(spec.name) + " reloaded from " + quoted(spec.file, 4096));
    } else {
      count(Stat::list_reload_failures);
      host_->log(Severity::warn, "list " + quoted(spec.name) + " was not reloaded from " + quoted(spec.file, 4096) + ": " +
                                     error + "; the previous version stays in force");
    }
  }
  if (words_changed) rebuild_content("a list of words changed");
}

void Firewall::count(Stat stat, uint64_t delta) const noexcept {
  const auto& counter = stats_[static_cast<size_t>(stat)];
  if (counter && delta != 0) host_->count(*counter, delta);
}

void Firewall::count_rule(const std::optional<uint32_t>& counter) const noexcept {
  if (counter) host_->count(*counter, 1);
}

void Firewall::log_hit(Severity severity, const RuleSpec& rule, const char* what, const MessageFacts& facts) const noexcept {
  if (!host_->log_enabled(severity)) return;
  try {
    std::string line = "rule " + quoted(rule.name) + " " + what + ": client " + quoted(facts.system_id) + ", source " +
                       quoted(facts.source_addr) + ", destination " + quoted(facts.destination_addr);
    if (facts.parts > 1) line += ", " + std::to_string(facts.parts) + " parts";
    host_->log(severity, line);
  } catch (...) {
  }
}

Decision Firewall::decide(const MessageFacts& input) noexcept {
  Decision decision;
  try {
    count(Stat::messages);
    const MessageFacts* facts = &input;
    MessageFacts sanitized;
    std::string sanitized_text;
    if (!is_valid_utf8(input.text)) {
      sanitized_text = sanitize_utf8(input.text);
      sanitized = input;
      sanitized.text = sanitized_text;
      facts = &sanitized;
    }
    const RuleEngine::Evaluation evaluation =
        engine_.evaluate(*facts, content(), lists_, *host_);
    if (host_->log_enabled(Severity::debug)) {
      host_->log(Severity::debug, "evaluated " + std::to_string(evaluation.candidates) + " candidate rules, " +
                                      std::to_string(evaluation.matched.size()) + " matched; text " +
                                      quoted(facts->text, 320));
    }
    const auto& rules = engine_.rules();
    const bool global_monitor = settings_.monitor;
    bool tagged = false;
    bool would_tag = false;
    bool would_deny = false;
    bool decided = false;
    for (const uint32_t i : evaluation.matched) {
      const RuleSpec& rule = rules[i];
      const RuleCounters& counters = rule_counters_[i];
      const bool monitor = global_monitor || rule.monitor;
      count_rule(counters.matched);
      switch (rule.action) {
        case Action::tag:
          if (monitor) {
            count_rule(counters.would_tag);
            would_tag = true;
            log_hit(Severity::info, rule, ("would tag " + rule.tag_key + "=" + quoted(rule.tag_value) + " (monitor)").c_str(),
                    *facts);
          } else {
            count_rule(counters.tagged);
            tagged = true;
            decision.tags.push_back(Tag{rule.tag_key, rule.tag_value});
            log_hit(Severity::debug, rule, ("tagged " + rule.tag_key + "=" + quoted(rule.tag_value)).c_str(), *facts);
          }
          break;
        case Action::deny:
          if (monitor) {
            count_rule(counters.would_deny);
            would_deny = true;
            log_hit(Severity::info, rule, ("would deny with " + hex_status(rule.status) + " (monitor)").c_str(), *facts);
          } else {
            count_rule(counters.denied);
            count(Stat::denied);
            decision.deny = true;
            decision.command_status = rule.status;
            log_hit(Severity::info, rule, ("denied with " + hex_status(rule.status)).c_str(), *facts);
          }
          decided = decided || !rule.monitor;
          break;
        case Action::allow:
          if (!rule.monitor) count(Stat::allowed);
          log_hit(Severity::debug, rule, monitor ? "would allow (monitor)" : "allowed", *facts);
          decided = decided || !rule.monitor;
          break;
      }
    }
    if (!decided) count(Stat::passed);
    if (tagged) count(Stat::tagged);
    if (would_tag) count(Stat::would_tag);
    if (would_deny) count(Stat::would_deny);
  } catch (const std::exception& e) {
    count(Stat::errors);
    host_->log(Severity::error, std::string("evaluation failed, answering ESME_RSYSERR: ") + e.what());
    decision = Decision{true, kStatusSystemError, {}};
  } catch (...) {
    count(Stat::errors);
    host_->log(Severity::error, "evaluation failed, answering ESME_RSYSERR");
    decision = Decision{true, kStatusSystemError, {}};
  }
  return decision;
}

}  // namespace smppd::plugins::firewall
