#include "plugins/filter/firewall/concat_assembler.h"

#include <algorithm>
#include <chrono>

namespace smppd::plugins::firewall {

ConcatAssembler::ConcatAssembler(std::shared_ptr<Firewall> firewall) : firewall_(std::move(firewall)) {}

std::string ConcatAssembler::key_of(const MessageFacts& facts, uint16_t reference) {
  std::string key(facts.source_addr);
  key += '\0';
  key += facts.destination_addr;
  key += '\0';
  key += std::to_string(reference);
  return key;
}

ConcatAssembler::Answer ConcatAssembler::add(const MessageFacts& facts, PartInfo part, uint64_t token) {
  const FirewallSettings& settings = firewall_->settings();
  const bool concatenated = part.total > 1 && part.sequence >= 1 && part.sequence <= part.total;
  if (!concatenated || settings.concat_hold_ms == 0) {
    if (part.total <= 1) return Answer{false, firewall_->decide(facts)};
    MessageFacts whole = facts;
    whole.parts = part.total;
    return Answer{false, firewall_->decide(whole)};
  }

  const int64_t now = firewall_->host().monotonic_ns();
  const std::string key = key_of(facts, part.reference);
  std::vector<Finished> finished;
  Answer answer;
  bool schedule_hold = false;
  uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    forget_expired_locked(now);
    if (auto known = decided_.find(key); known != decided_.end()) {
      firewall_->count(Stat::concat_late_parts);
      return Answer{false, known->second.decision};
    }

    auto [it, created] = groups_.try_emplace(key);
    Group& group = it->second;
    if (created) {
      group.total = part.total;
      group.started_ns = now;
      group.generation = next_generation_++;
      group.facts = HeldFacts(facts);
      group.facts.text.clear();
      group.facts.parts = part.total;
      schedule_hold = true;
      generation = group.generation;
    }
    if (group.texts.emplace(part.sequence, std::string(facts.text)).second) {
      group.bytes += facts.text.size();
      held_bytes_ += facts.text.size();
    }
    group.waiting.emplace_back(token, part.sequence);
    ++held_parts_;
    firewall_->count(Stat::concat_parts_held);

    if (group.texts.size() >= group.total) {
      answer.decision = decide_locked(key, Stat::concat_completed, token, &finished);
      schedule_hold = false;
    } else {
      answer.held = true;
      // Over the session's bound: decide the oldest messages with what they have.
      while (held_parts_ > settings.concat_max_held_parts || held_bytes_ > settings.concat_max_held_bytes) {
        auto oldest = std::min_element(groups_.begin(), groups_.end(), [](const auto& a, const auto& b) {
          return a.second.started_ns != b.second.started_ns ? a.second.started_ns < b.second.started_ns
                                                            : a.second.generation < b.second.generation;
        });
        if (oldest == groups_.end()) break;
        std::string victim = oldest->first;  // a copy: deciding erases the entry
        const bool mine = victim == key;
        const Decision decision = decide_locked(std::move(victim), Stat::concat_evicted, mine ? token : 0, &finished);
        if (mine) {
          answer = Answer{false, decision};
          schedule_hold = false;
        }
      }
    }
  }
  finish(finished);

  if (schedule_hold && answer.held) {
    std::weak_ptr<ConcatAssembler> weak = weak_from_this();
    const bool scheduled = firewall_->host().schedule(std::chrono::milliseconds(settings.concat_hold_ms), [weak, key, generation] {
      if (const auto self = weak.lock()) self->on_hold_expired(key, generation);
    });
    if (!scheduled) {
      // No timer (smppd is stopping): decide now with what there is rather than hold forever.
      on_hold_expired(key, generation);
    }
  }
  return answer;
}

Decision ConcatAssembler::decide_locked(std::string key, Stat why, uint64_t except, std::vector<Finished>* finished) {
  auto it = groups_.find(key);
  Group group = std::move(it->second);
  groups_.erase(it);
  held_parts_ -= group.waiting.size();
  held_bytes_ -= group.bytes;

  HeldFacts whole = std::move(group.facts);
  uint8_t previous = 0;
  for (const auto& [sequence, text] : group.texts) {
    // A missing part leaves a gap: a space keeps the words on either side apart.
    if (previous != 0 && sequence != previous + 1) whole.text += ' ';
    whole.text += text;
    previous = sequence;
  }
  firewall_->count(why);
  const Decision decision = firewall_->decide(whole.view());
  remember_locked(key, decision, firewall_->host().monotonic_ns());

  Finished done;
  done.decision = decision;
  for (const auto& [token, sequence] : group.waiting) {
    if (token != except) done.tokens.push_back(token);
  }
  if (!done.tokens.empty()) finished->push_back(std::move(done));
  return decision;
}

void ConcatAssembler::remember_locked(const std::string& key, const Decision& decision, int64_t now_ns) {
  const FirewallSettings& settings = firewall_->settings();
  if (settings.concat_verdict_ttl_ms == 0 || settings.concat_max_verdicts == 0) return;
  while (decided_.size() >= settings.concat_max_verdicts && !decided_order_.empty()) {
    decided_.erase(decided_order_.front().second);
    decided_order_.pop_front();
  }
  const int64_t expires = now_ns + settings.concat_verdict_ttl_ms * 1'000'000;
  decided_[key] = Remembered{decision, expires};
  decided_order_.emplace_back(expires, key);
}

void ConcatAssembler::forget_expired_locked(int64_t now_ns) {
  while (!decided_order_.empty() && decided_order_.front().first <= now_ns) {
    auto it = decided_.find(decided_order_.front().second);
    if (it != decided_.end() && it->second.expires_ns <= now_ns) decided_.erase(it);
    decided_order_.pop_front();
  }
}

void ConcatAssembler::finish(std::vector<Finished>& finished) const {
  for (const Finished& done : finished) {
    for (const uint64_t token : done.tokens) firewall_->host().finish(token, done.decision);
  }
}

void ConcatAssembler::on_hold_expired(const std::string& key, uint64_t generation) {
  std::vector<Finished> finished;
  {
    std::lock_guard lock(mutex_);
    auto it = groups_.find(key);
    if (it == groups_.end() || it->second.generation != generation) return;
    decide_locked(key, Stat::concat_timeouts, 0, &finished);
  }
  finish(finished);
}

void ConcatAssembler::cancel(uint64_t token) {
  std::lock_guard lock(mutex_);
  for (auto it = groups_.begin(); it != groups_.end(); ++it) {
    Group& group = it->second;
    auto held = std::find_if(group.waiting.begin(), group.waiting.end(),
                             [token](const auto& entry) { return entry.first == token; });
    if (held == group.waiting.end()) continue;
    group.waiting.erase(held);
    --held_parts_;
    firewall_->count(Stat::concat_cancelled);
    if (group.waiting.empty()) {
      // Nobody waits for this message any more: drop what it held.
      held_bytes_ -= group.bytes;
      groups_.erase(it);
    }
    return;
  }
}

size_t ConcatAssembler::held_parts() const {
  std::lock_guard lock(mutex_);
  return held_parts_;
}

}  // namespace smppd::plugins::firewall
