#include "plugins/state/embedded/stored_value.h"

#include <chrono>
#include <limits>

#include "plugins/state/embedded/big_endian.h"

namespace smppd::plugins::embedded {
namespace {

constexpr uint8_t kFormatPlain = 1;        // payload follows
constexpr uint8_t kFormatWithExpiry = 2;   // 8-byte big-endian expiry, then payload
constexpr size_t kExpiryBytes = 8;

}  // namespace

WallClock system_wall_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

int64_t expiry_after(int64_t now_ms, Ttl ttl) {
  if (ttl <= kNoExpiry) return 0;
  if (ttl.count() > std::numeric_limits<int64_t>::max() - now_ms) return std::numeric_limits<int64_t>::max();
  return now_ms + ttl.count();
}

std::string encode_stored_value(std::string_view payload, int64_t expires_at_ms) {
  std::string stored;
  if (expires_at_ms == 0) {
    stored.reserve(1 + payload.size());
    stored.push_back(static_cast<char>(kFormatPlain));
  } else {
    stored.reserve(1 + kExpiryBytes + payload.size());
    stored.push_back(static_cast<char>(kFormatWithExpiry));
    append_big_endian64(stored, static_cast<uint64_t>(expires_at_ms));
  }
  stored.append(payload);
  return stored;
}

std::optional<StoredValue> decode_stored_value(std::string_view stored) {
  if (stored.empty()) return std::nullopt;
  const auto format = static_cast<uint8_t>(stored[0]);
  if (format == kFormatPlain) return StoredValue{0, stored.substr(1)};
  if (format == kFormatWithExpiry && stored.size() >= 1 + kExpiryBytes) {
    const auto expires_at = static_cast<int64_t>(read_big_endian64(stored.substr(1, kExpiryBytes)));
    if (expires_at <= 0) return std::nullopt;
    return StoredValue{expires_at, stored.substr(1 + kExpiryBytes)};
  }
  return std::nullopt;
}

}  // namespace smppd::plugins::embedded
