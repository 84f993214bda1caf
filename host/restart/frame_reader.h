#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace smppd::restart {

// Cuts the octets read from a stream socket into frames (restart_message.h): a frame whose length
// prefix says more than kMaxMessageSize, or nothing at all, is an error before its body is read.
class FrameReader {
 public:
  void append(std::span<const uint8_t> bytes);

  // The next complete frame's body, or nothing until more octets come. After an error, always
  // nothing: the stream has lost its framing.
  std::optional<std::vector<uint8_t>> next();

  // Whether next() would answer a frame (or an error) without more octets.
  bool has_frame() const;

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  // Octets of an unfinished frame (the peer closing now would truncate it).
  size_t pending() const { return buffer_.size() - consumed_; }

 private:
  std::vector<uint8_t> buffer_;
  size_t consumed_ = 0;
  std::string error_;
};

}  // namespace smppd::restart
