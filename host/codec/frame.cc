#include "host/codec/frame.h"

#include "host/codec/byte_reader.h"

namespace smppd::codec {

Frame next_frame(std::span<const uint8_t> buffered, const FrameLimits& limits) {
  if (buffered.size() < 4) return {FrameState::incomplete, 0};
  const uint32_t length = ByteReader::load_u32(buffered.data());
  if (length < kHeaderLength || length > limits.max_command_length) return {FrameState::invalid, length};
  if (buffered.size() < length) return {FrameState::incomplete, length};
  return {FrameState::complete, length};
}

}  // namespace smppd::codec
