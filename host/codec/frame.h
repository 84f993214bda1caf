#pragma once

#include <cstdint>
#include <span>

namespace smppd::codec {

inline constexpr uint32_t kHeaderLength = 16;
// Kannel caps PDUs at 7,424 octets and node-smpp at 16,384. 16 KiB carries a 100-part UCS-2
// message_payload; operators who need more raise it per listener.
inline constexpr uint32_t kDefaultMaxCommandLength = 16 * 1024;

struct FrameLimits {
  uint32_t max_command_length = kDefaultMaxCommandLength;
};

enum class FrameState : uint8_t {
  complete,    // `length` octets at the start of the buffer are one PDU
  incomplete,  // read more; `length` is the PDU's size once known, else 0
  invalid,     // command_length below 16 or above the maximum: framing is lost
};

struct Frame {
  FrameState state;
  uint32_t length;
};

// Looks at the start of a stream buffer and says whether it holds a whole PDU. It never trusts
// command_length for anything but this answer: nothing is allocated from it.
Frame next_frame(std::span<const uint8_t> buffered, const FrameLimits& limits = {});

}  // namespace smppd::codec
