#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::tools {

enum class BindType : uint8_t { transmitter, receiver, transceiver };

// "tx", "rx", "trx": how the tools' command lines spell a bind.
std::string_view bind_type_name(BindType type);
std::optional<BindType> parse_bind_type(std::string_view text);

inline constexpr uint8_t kInterfaceVersion34 = 0x34;
inline constexpr uint32_t kMaxSequenceNumber = 0x7FFFFFFF;

// One ESME session: where to connect, how to bind, and its window and timers.
struct SessionOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 2775;
  BindType bind_type = BindType::transceiver;
  std::string system_id;
  std::string password;
  std::string system_type;
  uint8_t interface_version = kInterfaceVersion34;
  // Submits in flight at once (S34 recommends 10; benchmarks use more).
  uint32_t window = 10;
  std::chrono::milliseconds connect_timeout{5000};
  // For every request of ours, the bind included: past it the request counts as unanswered.
  std::chrono::milliseconds response_timeout{10000};
  // enquire_link after this long without a PDU in either direction (Kannel's 30 s).
  std::chrono::milliseconds enquire_link_interval{30000};
  // The first sequence number used; the tests start near 0x7FFFFFFF to see the wrap.
  uint32_t first_sequence_number = 1;
};

}  // namespace smppd::tools
