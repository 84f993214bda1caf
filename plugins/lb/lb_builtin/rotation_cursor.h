#pragma once

#include <cstdint>
#include <optional>

#include "smppd/cxx/lb.hpp"

namespace smppd::plugins::lb_builtin {

// A round-robin position that survives a changing candidate set. The set changes on every pick
// (a window fills, an endpoint is ejected, a bind reconnects), so an index into it would skip or
// repeat binds. The cursor keeps the key of the last pick; the next pick is the admitted candidate
// with the smallest key above it, wrapping to the smallest. O(count), no allocation.
//
// The key is the candidate's bind_id, which names a bind exactly: a bind that joins or leaves
// moves no other bind's turn, whatever endpoint it belongs to. A host built before bind_id passes
// shorter entries; the key is then (endpoint_id, ordinal), the ordinal counting the candidates of
// the same endpoint before it in the host's array. That is as exact across endpoints, but within
// one endpoint a bind that leaves shifts the ordinals of those after it, so one of them may lose
// or repeat a turn.
class RotationCursor {
 public:
  // Where the first pick starts, as a position in the first candidate array: workers given
  // different offsets do not all begin with the same bind.
  explicit RotationCursor(uint32_t start_offset = 0) noexcept : start_offset_(start_offset) {}

  // The index of the next candidate that `admits(const cxx::LbCandidate&)` admits, or -1 when it
  // admits none.
  template <class Admits>
  int32_t next(const cxx::LbCandidates& candidates, Admits&& admits) noexcept {
    if (candidates.empty()) return -1;
    const bool by_bind_id = candidates.has_bind_id();
    // A host does not change its stride; if the scheme differs anyway, the old key means nothing.
    if (!last_ || last_->by_bind_id != by_bind_id) return first_pick(candidates, admits);
    return by_bind_id ? next_by_bind_id(candidates, admits) : next_by_position(candidates, admits);
  }

  // Forgets the last pick: the next starts over from the start offset.
  void reset() noexcept { last_.reset(); }

 private:
  struct Key {
    bool by_bind_id;
    uint64_t id;       // bind_id, or endpoint_id without bind ids
    uint32_t ordinal;  // without bind ids: the place among the endpoint's candidates
  };

  template <class Admits>
  int32_t next_by_bind_id(const cxx::LbCandidates& candidates, Admits& admits) noexcept {
    const uint64_t last = last_->id;
    int32_t above = -1;  // the admitted bind with the smallest id above the last
    uint64_t above_id = 0;
    int32_t lowest = -1;  // the admitted bind with the smallest id: the wrap
    uint64_t lowest_id = 0;
    const uint32_t count = candidates.size();
    for (uint32_t i = 0; i < count; ++i) {
      const cxx::LbCandidate candidate = candidates[i];
      if (!admits(candidate)) continue;
      if (candidate.bind_id > last && (above < 0 || candidate.bind_id < above_id)) {
        above = static_cast<int32_t>(i);
        above_id = candidate.bind_id;
      }
      if (lowest < 0 || candidate.bind_id < lowest_id) {
        lowest = static_cast<int32_t>(i);
        lowest_id = candidate.bind_id;
      }
    }
    const int32_t chosen = above >= 0 ? above : lowest;
    if (chosen >= 0) last_ = Key{true, above >= 0 ? above_id : lowest_id, 0};
    return chosen;
  }

  template <class Admits>
  int32_t next_by_position(const cxx::LbCandidates& candidates, Admits& admits) noexcept {
    const Key last = *last_;
    int32_t same_endpoint_next = -1;  // the last endpoint's next admitted bind
    uint32_t same_endpoint_ordinal = 0;
    uint32_t seen_of_last_endpoint = 0;
    int32_t above = -1;  // the first admitted bind of the smallest endpoint id above the last
    uint64_t above_id = 0;
    int32_t lowest = -1;  // the first admitted bind of the smallest endpoint id: the wrap
    uint64_t lowest_id = 0;
    const uint32_t count = candidates.size();
    for (uint32_t i = 0; i < count; ++i) {
      const cxx::LbCandidate candidate = candidates[i];
      const bool of_last_endpoint = candidate.endpoint_id == last.id;
      const uint32_t ordinal = of_last_endpoint ? seen_of_last_endpoint++ : 0;
      if (!admits(candidate)) continue;
      if (of_last_endpoint) {
        if (same_endpoint_next < 0 && ordinal > last.ordinal) {
          same_endpoint_next = static_cast<int32_t>(i);
          same_endpoint_ordinal = ordinal;
        }
      } else if (candidate.endpoint_id > last.id && (above < 0 || candidate.endpoint_id < above_id)) {
        above = static_cast<int32_t>(i);
        above_id = candidate.endpoint_id;
      }
      if (lowest < 0 || candidate.endpoint_id < lowest_id) {
        lowest = static_cast<int32_t>(i);
        lowest_id = candidate.endpoint_id;
      }
    }
    if (same_endpoint_next >= 0) {
      last_ = Key{false, last.id, same_endpoint_ordinal};
      return same_endpoint_next;
    }
    const int32_t chosen = above >= 0 ? above : lowest;
    if (chosen >= 0) remember(candidates, static_cast<uint32_t>(chosen));
    return chosen;
  }

  template <class Admits>
  int32_t first_pick(const cxx::LbCandidates& candidates, Admits& admits) noexcept {
    const uint32_t count = candidates.size();
    for (uint32_t step = 0; step < count; ++step) {
      const uint32_t i = static_cast<uint32_t>((static_cast<uint64_t>(start_offset_) + step) % count);
      if (admits(candidates[i])) {
        remember(candidates, i);
        return static_cast<int32_t>(i);
      }
    }
    return -1;
  }

  void remember(const cxx::LbCandidates& candidates, uint32_t index) noexcept {
    const cxx::LbCandidate chosen = candidates[index];
    if (chosen.has_bind_id) {
      last_ = Key{true, chosen.bind_id, 0};
      return;
    }
    uint32_t ordinal = 0;
    for (uint32_t i = 0; i < index; ++i) {
      if (candidates[i].endpoint_id == chosen.endpoint_id) ++ordinal;
    }
    last_ = Key{false, chosen.endpoint_id, ordinal};
  }

  uint32_t start_offset_;
  std::optional<Key> last_;
};

}  // namespace smppd::plugins::lb_builtin
