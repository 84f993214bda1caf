#include "host/receipts/message_id_generator.h"

#include <random>

namespace smppd::receipts {

MessageIdGenerator::MessageIdGenerator() {
  std::random_device device;
  prefix_ = device();
}

std::string MessageIdGenerator::next() {
  static constexpr char kHex[] = "0123456789abcdef";
  const uint64_t value = (static_cast<uint64_t>(prefix_) << 32) | counter_.fetch_add(1, std::memory_order_relaxed);
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) id[static_cast<size_t>(i)] = kHex[(value >> (4 * (15 - i))) & 0xF];
  return id;
}

}  // namespace smppd::receipts
