// Feeds arbitrary octets to the hot-restart channel's framing and message decoder, as a peer on
// the Unix socket could send them. Whatever decodes must encode back to the very same frame, and
// the frame reader must cut the stream the same way whatever the pieces it arrives in.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "host/restart/frame_reader.h"
#include "host/restart/restart_message.h"

using namespace smppd::restart;

namespace {

void check(bool holds) {
  if (!holds) __builtin_trap();
}

std::vector<std::vector<uint8_t>> frames_of(std::span<const uint8_t> stream, size_t piece) {
  FrameReader reader;
  std::vector<std::vector<uint8_t>> frames;
  for (size_t at = 0; at < stream.size(); at += piece) {
    reader.append(stream.subspan(at, std::min(piece, stream.size() - at)));
    while (auto frame = reader.next()) frames.push_back(std::move(*frame));
  }
  return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);

  // The body alone.
  const DecodedMessage decoded = decode_message(input);
  check(decoded.message.has_value() != !decoded.error.empty());
  if (decoded.message) {
    const std::vector<uint8_t> frame = encode_message(*decoded.message);
    check(frame.size() == kFrameHeaderSize + size);
    check(std::equal(frame.begin() + kFrameHeaderSize, frame.end(), input.begin()));
    check(!message_name(*decoded.message).empty());
  }

  // The same octets as a stream: in one piece and in pieces of 1 and 7 octets alike.
  const auto whole = frames_of(input, size == 0 ? 1 : size);
  check(frames_of(input, 1) == whole);
  check(frames_of(input, 7) == whole);
  for (const auto& frame : whole) {
    check(frame.size() <= kMaxMessageSize);
    (void)decode_message(frame);
  }
  return 0;
}
