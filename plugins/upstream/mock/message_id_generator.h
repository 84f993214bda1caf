#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "plugins/upstream/mock/mock_config.h"

namespace smppd::plugins::mock {

// Message ids unique in the process's run: a random 32-bit prefix (so that two runs, or two
// smppd processes behind one router, do not hand out the same ids) followed by a counter shared
// by every mock upstream of the process. Hex: 16 digits; decimal: the same 64-bit number.
class MessageIdGenerator {
 public:
  explicit MessageIdGenerator(uint32_t prefix) noexcept : prefix_(prefix) {}

  // The process's generator, its prefix from std::random_device: first used on the control
  // thread (config_new), where a failure refuses the config.
  static MessageIdGenerator& process();

  // Any thread.
  std::string next(MessageIdFormat format);
  uint32_t prefix() const noexcept { return prefix_; }

 private:
  const uint32_t prefix_;
  std::atomic<uint64_t> counter_{0};
};

}  // namespace smppd::plugins::mock
