#include "plugins/upstream/mock/message_id_generator.h"

#include <charconv>
#include <random>

namespace smppd::plugins::mock {

MessageIdGenerator& MessageIdGenerator::process() {
  static MessageIdGenerator generator(static_cast<uint32_t>(std::random_device()()));
  return generator;
}

std::string MessageIdGenerator::next(MessageIdFormat format) {
  const uint64_t id = (static_cast<uint64_t>(prefix_) << 32) + counter_.fetch_add(1, std::memory_order_relaxed);
  if (format == MessageIdFormat::decimal) return std::to_string(id);
  std::string hex(16, '0');
  char digits[16];
  const auto written = std::to_chars(digits, digits + sizeof digits, id, 16);
  const auto length = static_cast<size_t>(written.ptr - digits);
  hex.replace(hex.size() - length, length, digits, length);
  return hex;
}

}  // namespace smppd::plugins::mock
