#include "host/restart/restart_message.h"

#include <type_traits>

namespace smppd::restart {

namespace {

class Writer {
 public:
  void u8(uint8_t value) { bytes_.push_back(value); }
  void u16(uint16_t value) {
    for (int shift = 8; shift >= 0; shift -= 8) bytes_.push_back(static_cast<uint8_t>(value >> shift));
  }
  void u32(uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes_.push_back(static_cast<uint8_t>(value >> shift));
  }
  void u64(uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) bytes_.push_back(static_cast<uint8_t>(value >> shift));
  }
  // Longer strings are cut: names come from our own stats store, which never makes one this long.
  void text(const std::string& value) {
    const size_t size = std::min(value.size(), kMaxNameLength);
    u16(static_cast<uint16_t>(size));
    bytes_.insert(bytes_.end(), value.begin(), value.begin() + static_cast<std::ptrdiff_t>(size));
  }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool u8(uint8_t& value) { return integer(1, value); }
  bool u16(uint16_t& value) { return integer(2, value); }
  bool u32(uint32_t& value) { return integer(4, value); }
  bool u64(uint64_t& value) { return integer(8, value); }
  bool text(std::string& value) {
    uint16_t size = 0;
    if (!u16(size) || size > kMaxNameLength || size > left()) return false;
    value.assign(reinterpret_cast<const char*>(bytes_.data() + at_), size);
    at_ += size;
    return true;
  }
  size_t left() const { return bytes_.size() - at_; }

 private:
  template <typename T>
  bool integer(size_t size, T& value) {
    if (left() < size) return false;
    uint64_t result = 0;
    for (size_t i = 0; i < size; ++i) result = (result << 8) | bytes_[at_ + i];
    at_ += size;
    value = static_cast<T>(result);
    return true;
  }

  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

// The smallest a counter takes on the wire: an empty name and its value.
constexpr size_t kMinCounterSize = 2 + 8;

}  // namespace

std::vector<uint8_t> encode_message(const Message& message) {
  Writer writer;
  writer.u32(0);  // the length, filled in below
  std::visit(
      [&writer](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, ListenSocketRequest>) {
          writer.u8(static_cast<uint8_t>(MessageType::listen_socket_request));
          writer.text(m.address);
          writer.u16(m.port);
        } else if constexpr (std::is_same_v<T, ListenSocketReply>) {
          writer.u8(static_cast<uint8_t>(MessageType::listen_socket_reply));
          writer.u8(m.found ? 1 : 0);
        } else if constexpr (std::is_same_v<T, CountersRequest>) {
          writer.u8(static_cast<uint8_t>(MessageType::counters_request));
        } else if constexpr (std::is_same_v<T, CountersReply>) {
          writer.u8(static_cast<uint8_t>(MessageType::counters_reply));
          writer.u32(static_cast<uint32_t>(m.counters.size()));
          for (const CounterValue& counter : m.counters) {
            writer.text(counter.name);
            writer.u64(static_cast<uint64_t>(counter.value));
          }
        } else if constexpr (std::is_same_v<T, DrainRequest>) {
          writer.u8(static_cast<uint8_t>(MessageType::drain_request));
        } else {
          static_assert(std::is_same_v<T, StateReleased>);
          writer.u8(static_cast<uint8_t>(MessageType::state_released));
        }
      },
      message);
  std::vector<uint8_t>& bytes = writer.bytes();
  const auto length = static_cast<uint32_t>(bytes.size() - kFrameHeaderSize);
  for (size_t i = 0; i < kFrameHeaderSize; ++i) bytes[i] = static_cast<uint8_t>(length >> (8 * (3 - i)));
  return bytes;
}

DecodedMessage decode_message(std::span<const uint8_t> body) {
  if (body.size() > kMaxMessageSize) return {std::nullopt, "message of " + std::to_string(body.size()) + " octets is too large"};
  Reader reader(body);
  uint8_t type = 0;
  if (!reader.u8(type)) return {std::nullopt, "empty message"};
  Message message;
  bool complete = false;
  switch (static_cast<MessageType>(type)) {
    case MessageType::listen_socket_request: {
      ListenSocketRequest request;
      complete = reader.text(request.address) && reader.u16(request.port);
      message = std::move(request);
      break;
    }
    case MessageType::listen_socket_reply: {
      uint8_t found = 0;
      complete = reader.u8(found) && found <= 1;
      message = ListenSocketReply{found == 1};
      break;
    }
    case MessageType::counters_request:
      complete = true;
      message = CountersRequest{};
      break;
    case MessageType::counters_reply: {
      CountersReply reply;
      uint32_t count = 0;
      // The count is checked against the octets left before anything is reserved for it.
      complete = reader.u32(count) && count <= reader.left() / kMinCounterSize;
      for (uint32_t i = 0; complete && i < count; ++i) {
        CounterValue counter;
        uint64_t value = 0;
        complete = reader.text(counter.name) && reader.u64(value);
        counter.value = static_cast<int64_t>(value);
        reply.counters.push_back(std::move(counter));
      }
      message = std::move(reply);
      break;
    }
    case MessageType::drain_request:
      complete = true;
      message = DrainRequest{};
      break;
    case MessageType::state_released:
      complete = true;
      message = StateReleased{};
      break;
    default: return {std::nullopt, "unknown message type " + std::to_string(type)};
  }
  if (!complete) return {std::nullopt, "truncated " + std::string(message_name(message)) + " message"};
  if (reader.left() != 0) {
    return {std::nullopt, std::to_string(reader.left()) + " octets after a " + std::string(message_name(message)) + " message"};
  }
  return {std::move(message), {}};
}

std::string_view message_name(const Message& message) {
  static constexpr std::string_view kNames[] = {"listen_socket_request", "listen_socket_reply", "counters_request",
                                                "counters_reply", "drain_request", "state_released"};
  return kNames[message.index()];
}

}  // namespace smppd::restart
