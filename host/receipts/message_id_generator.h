#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace smppd::receipts {

// smppd's own message ids, handed to clients in submit_sm_resp and put into their receipts:
// 16 lower-case hex digits, a random 32-bit prefix drawn at startup and a 32-bit counter, so ids
// of one run never repeat and ids of two runs (or two nodes) collide only if their prefixes do.
class MessageIdGenerator {
 public:
  MessageIdGenerator();
  explicit MessageIdGenerator(uint32_t prefix) : prefix_(prefix) {}

  std::string next();

 private:
  uint32_t prefix_;
  std::atomic<uint32_t> counter_{0};
};

}  // namespace smppd::receipts
