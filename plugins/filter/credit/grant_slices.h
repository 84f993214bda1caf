#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace smppd::plugins::credit {

// An account's grant, split so that each worker charges from a slice of its own (grant_book.h).
inline constexpr size_t kGrantSlices = 8;
struct alignas(64) GrantSlice {
  std::atomic<int64_t> available{0};
  std::atomic<int64_t> last_use_ns{0};
};
using GrantSlices = std::array<GrantSlice, kGrantSlices>;

// The slice a session charges from, kept by the session: a session lives on one worker, so its
// charges find their slice without the thread's lookup (thread-local storage in a plugin costs a
// call each time). Empty until the first charge; dropped when the slice does not cover one.
struct SessionSlice {
  uint64_t book = 0;
  std::string account;
  std::shared_ptr<GrantSlices> slices;
  size_t index = 0;
};

}  // namespace smppd::plugins::credit
