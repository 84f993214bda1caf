#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plugins/filter/firewall/firewall.h"
#include "plugins/filter/firewall/message_facts.h"

namespace smppd::plugins::firewall {

// Where a part sits in its concatenated message (UDH 8- or 16-bit reference, sar_* TLVs).
struct PartInfo {
  uint16_t reference = 0;
  uint8_t total = 0;
  uint8_t sequence = 0;
};

// One session's concatenated messages: a part is held (its call paused) until every part of the
// same (source, destination, reference) arrived or concat_hold_ms passed since the first; then the
// whole text is decided once and every held part gets the same verdict. Parts of a decided
// message that come later within concat_verdict_ttl_ms get it too. Bounded per session: past
// concat_max_held_parts or concat_max_held_bytes the oldest messages are decided with what they
// have. The session's worker calls add and cancel; the hold timer runs on a host timer thread.
class ConcatAssembler : public std::enable_shared_from_this<ConcatAssembler> {
 public:
  explicit ConcatAssembler(std::shared_ptr<Firewall> firewall);

  struct Answer {
    bool held = false;  // the call is paused; `token` gets the verdict later
    Decision decision;  // when not held: the verdict for this call now
  };
  // A part: `facts.text` is this part's text, `facts.parts` its message's total.
  Answer add(const MessageFacts& facts, PartInfo part, uint64_t token);
  // The call of a held part ended (session closing, deadline): forget its token.
  void cancel(uint64_t token);

  size_t held_parts() const;

 private:
  struct Group {
    HeldFacts facts;                             // of the first part, without its text
    std::map<uint8_t, std::string> texts;        // by sequence number
    std::vector<std::pair<uint64_t, uint8_t>> waiting;  // held tokens and their parts
    uint8_t total = 0;
    int64_t started_ns = 0;
    uint64_t generation = 0;
    size_t bytes = 0;
  };
  struct Remembered {
    Decision decision;
    int64_t expires_ns = 0;
  };
  struct Finished {
    std::vector<uint64_t> tokens;
    Decision decision;
  };

  static std::string key_of(const MessageFacts& facts, uint16_t reference);
  // Under the lock: decides a group, forgets it, remembers its verdict. The tokens to finish
  // (all but `except`) go to *finished.
  Decision decide_locked(std::string key, Stat why, uint64_t except, std::vector<Finished>* finished);
  void remember_locked(const std::string& key, const Decision& decision, int64_t now_ns);
  void forget_expired_locked(int64_t now_ns);
  void finish(std::vector<Finished>& finished) const;
  void on_hold_expired(const std::string& key, uint64_t generation);

  std::shared_ptr<Firewall> firewall_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Group> groups_;
  std::unordered_map<std::string, Remembered> decided_;
  std::deque<std::pair<int64_t, std::string>> decided_order_;  // expiry, key: oldest first
  size_t held_parts_ = 0;
  size_t held_bytes_ = 0;
  uint64_t next_generation_ = 1;
};

}  // namespace smppd::plugins::firewall
