#include "tools/smpp/request_window.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "tools/smpp/session_options.h"

namespace smppd::tools {

namespace {

uint32_t following(uint32_t sequence_number) {
  return sequence_number >= kMaxSequenceNumber ? 1 : sequence_number + 1;
}

}  // namespace

RequestWindow::RequestWindow(uint32_t limit, uint32_t first_sequence_number)
    : limit_(std::max<uint32_t>(limit, 1)) {
  // At least twice the requests that can be in flight, so a free slot is always near.
  const uint32_t capacity = std::bit_ceil(2 * (limit_ + kUncountedLimit));
  slots_.resize(capacity);
  mask_ = capacity - 1;
  next_sequence_number_ =
      first_sequence_number == 0 || first_sequence_number > kMaxSequenceNumber ? 1 : first_sequence_number;
}

uint32_t RequestWindow::add(codec::CommandId command_id, bool counted, Clock::time_point now,
                            Clock::time_point deadline, ResponseCallback callback) {
  uint32_t sequence_number = next_sequence_number_;
  while (slot(sequence_number).sequence_number != 0) sequence_number = following(sequence_number);
  next_sequence_number_ = following(sequence_number);

  Entry& entry = slot(sequence_number);
  entry.sequence_number = sequence_number;
  entry.command_id = command_id;
  entry.counted = counted;
  entry.sent = now;
  entry.deadline = deadline;
  entry.callback = std::move(callback);
  ++(counted ? counted_ : uncounted_);
  return sequence_number;
}

void RequestWindow::release(Entry& entry, Entry& out) {
  --(entry.counted ? counted_ : uncounted_);
  out = std::move(entry);
  entry.sequence_number = 0;
  entry.callback = nullptr;
}

bool RequestWindow::take(uint32_t sequence_number, Entry& out) {
  if (sequence_number == 0) return false;
  Entry& entry = slot(sequence_number);
  if (entry.sequence_number != sequence_number) return false;
  release(entry, out);
  return true;
}

void RequestWindow::take_expired(Clock::time_point now, std::vector<Entry>& out) {
  if (size() == 0) return;
  for (Entry& entry : slots_) {
    if (entry.sequence_number != 0 && entry.deadline <= now) release(entry, out.emplace_back());
  }
}

void RequestWindow::take_all(std::vector<Entry>& out) {
  if (size() == 0) return;
  for (Entry& entry : slots_) {
    if (entry.sequence_number != 0) release(entry, out.emplace_back());
  }
}

}  // namespace smppd::tools
