#include "host/restart/frame_reader.h"

#include "host/restart/restart_message.h"

namespace smppd::restart {

void FrameReader::append(std::span<const uint8_t> bytes) {
  if (failed()) return;
  if (consumed_ > 0 && consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

namespace {

uint32_t length_at(const uint8_t* at) {
  return (uint32_t{at[0]} << 24) | (uint32_t{at[1]} << 16) | (uint32_t{at[2]} << 8) | at[3];
}

}  // namespace

bool FrameReader::has_frame() const {
  if (failed() || pending() < kFrameHeaderSize) return false;
  const uint32_t length = length_at(buffer_.data() + consumed_);
  return length == 0 || length > kMaxMessageSize || pending() - kFrameHeaderSize >= length;
}

std::optional<std::vector<uint8_t>> FrameReader::next() {
  if (failed() || pending() < kFrameHeaderSize) return std::nullopt;
  const uint8_t* at = buffer_.data() + consumed_;
  const uint32_t length = length_at(at);
  if (length == 0 || length > kMaxMessageSize) {
    error_ = "frame length " + std::to_string(length) + " outside 1.." + std::to_string(kMaxMessageSize);
    return std::nullopt;
  }
  if (pending() - kFrameHeaderSize < length) return std::nullopt;
  std::vector<uint8_t> body(at + kFrameHeaderSize, at + kFrameHeaderSize + length);
  consumed_ += kFrameHeaderSize + length;
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  }
  return body;
}

}  // namespace smppd::restart
