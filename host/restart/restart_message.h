#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace smppd::restart {

// What a hot-restart child (epoch N + 1) and its parent (epoch N) say to each other over their
// Unix socket. Each message is a frame: a 4-octet big-endian length, then that many octets of
// body (a type octet and the type's fields). Integers are big-endian, strings a 2-octet length
// and the octets.
enum class MessageType : uint8_t {
  listen_socket_request = 1,  // child: the listening socket bound to this address and port
  listen_socket_reply = 2,    // parent: found (the descriptor rides along, SCM_RIGHTS) or none
  counters_request = 3,       // child: your counters
  counters_reply = 4,         // parent: each counter's growth since its last reply
  drain_request = 5,          // child: my listeners accept; stop accepting, drain and exit
  state_released = 6,         // parent: drained, and my state store is closed; its files are yours
};

struct ListenSocketRequest {
  std::string address;  // as asio prints it: "127.0.0.1", "::"
  uint16_t port = 0;
  bool operator==(const ListenSocketRequest&) const = default;
};

struct ListenSocketReply {
  bool found = false;
  bool operator==(const ListenSocketReply&) const = default;
};

struct CountersRequest {
  bool operator==(const CountersRequest&) const = default;
};

struct CounterValue {
  std::string name;
  int64_t value = 0;
  bool operator==(const CounterValue&) const = default;
};

struct CountersReply {
  std::vector<CounterValue> counters;
  bool operator==(const CountersReply&) const = default;
};

struct DrainRequest {
  bool operator==(const DrainRequest&) const = default;
};

struct StateReleased {
  bool operator==(const StateReleased&) const = default;
};

using Message =
    std::variant<ListenSocketRequest, ListenSocketReply, CountersRequest, CountersReply, DrainRequest, StateReleased>;

inline constexpr size_t kFrameHeaderSize = 4;
// A body larger than this is refused before it is read: 65,536 counters with long names fit.
inline constexpr uint32_t kMaxMessageSize = 16u << 20;
inline constexpr size_t kMaxNameLength = 1024;  // a counter name or an address

// The whole frame: length prefix and body.
std::vector<uint8_t> encode_message(const Message& message);

struct DecodedMessage {
  std::optional<Message> message;
  std::string error;  // set when message is not
};

// One frame's body (without its length prefix). Every length inside is checked against what is
// left; octets left over are an error too.
DecodedMessage decode_message(std::span<const uint8_t> body);

std::string_view message_name(const Message& message);

}  // namespace smppd::restart
