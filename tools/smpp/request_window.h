#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "host/codec/command_id.h"
#include "tools/smpp/response.h"

namespace smppd::tools {

// Our requests awaiting their resps, by sequence number. A fixed open-addressed table sized from
// the window (the slot is the sequence number's low bits), so sending and matching a request
// allocate nothing. Sequence numbers run 1..0x7FFFFFFF and wrap to 1 (S50 §4.7.24), skipping any
// whose slot is still taken, so no two requests in flight ever share one.
class RequestWindow {
 public:
  using Clock = std::chrono::steady_clock;
  // Requests outside the window (bind, enquire_link, unbind) that may be in flight at once.
  static constexpr uint32_t kUncountedLimit = 4;

  struct Entry {
    uint32_t sequence_number = 0;  // 0: the slot is free
    codec::CommandId command_id = codec::CommandId::generic_nack;
    bool counted = false;  // against the window
    Clock::time_point sent;
    Clock::time_point deadline;
    ResponseCallback callback;
  };

  // `limit` of at least 1 submits in flight; numbering starts at first_sequence_number (0 and
  // values above 0x7FFFFFFF mean 1).
  RequestWindow(uint32_t limit, uint32_t first_sequence_number);

  uint32_t limit() const { return limit_; }
  // Requests in flight that count against the window.
  uint32_t counted() const { return counted_; }
  uint32_t size() const { return counted_ + uncounted_; }
  bool full() const { return counted_ >= limit_; }
  bool can_add(bool counted) const { return counted ? counted_ < limit_ : uncounted_ < kUncountedLimit; }

  // Stores the request under the next free sequence number and returns that number. Only when
  // can_add(counted).
  uint32_t add(codec::CommandId command_id, bool counted, Clock::time_point now, Clock::time_point deadline,
               ResponseCallback callback);

  // Moves the request with this number into `out` and frees its slot; false when none waits.
  bool take(uint32_t sequence_number, Entry& out);

  // Moves every request whose deadline has passed (or every request) to the end of `out`.
  void take_expired(Clock::time_point now, std::vector<Entry>& out);
  void take_all(std::vector<Entry>& out);

 private:
  Entry& slot(uint32_t sequence_number) { return slots_[sequence_number & mask_]; }
  void release(Entry& entry, Entry& out);

  std::vector<Entry> slots_;
  uint32_t mask_ = 0;
  uint32_t limit_ = 1;
  uint32_t counted_ = 0;
  uint32_t uncounted_ = 0;
  uint32_t next_sequence_number_ = 1;
};

}  // namespace smppd::tools
