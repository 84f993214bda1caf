// The hot-restart wire format: every message round-trips, and every length from the wire is
// checked (truncated bodies, oversize frames, unknown types, octets left over).
#include <gtest/gtest.h>

#include "host/restart/frame_reader.h"
#include "host/restart/restart_message.h"

namespace smppd::restart {
namespace {

std::vector<uint8_t> body_of(const std::vector<uint8_t>& frame) {
  return std::vector<uint8_t>(frame.begin() + kFrameHeaderSize, frame.end());
}

TEST(RestartMessageTest, EveryMessageRoundTrips) {
  const std::vector<Message> messages = {
      ListenSocketRequest{"127.0.0.1", 2775},
      ListenSocketRequest{"::", 0},
      ListenSocketReply{true},
      ListenSocketReply{false},
      CountersRequest{},
      CountersReply{{{"smppd.listener.smpp.downstream_cx_total", 42}, {"", -1}, {"x", INT64_MAX}}},
      CountersReply{},
      DrainRequest{},
      StateReleased{},
  };
  for (const Message& message : messages) {
    const std::vector<uint8_t> frame = encode_message(message);
    const DecodedMessage decoded = decode_message(body_of(frame));
    ASSERT_TRUE(decoded.message) << message_name(message) << ": " << decoded.error;
    EXPECT_EQ(*decoded.message, message) << message_name(message);
  }
}

TEST(RestartMessageTest, EveryTruncationOfEveryMessageIsRefused) {
  const std::vector<Message> messages = {ListenSocketRequest{"127.0.0.1", 2775}, ListenSocketReply{true},
                                         CountersReply{{{"a.counter", 7}, {"another", 8}}}};
  for (const Message& message : messages) {
    const std::vector<uint8_t> body = body_of(encode_message(message));
    for (size_t size = 0; size < body.size(); ++size) {
      const DecodedMessage decoded = decode_message(std::span<const uint8_t>(body.data(), size));
      EXPECT_FALSE(decoded.message) << message_name(message) << " cut to " << size << " octets";
      EXPECT_FALSE(decoded.error.empty());
    }
  }
}

TEST(RestartMessageTest, UnknownTypesAndOctetsLeftOverAreRefused) {
  for (const uint8_t type : {0, 7, 255}) {
    const std::vector<uint8_t> body = {type};
    const DecodedMessage decoded = decode_message(body);
    EXPECT_FALSE(decoded.message) << int(type);
    EXPECT_NE(decoded.error.find("unknown message type"), std::string::npos) << decoded.error;
  }
  for (const Message& bare : std::vector<Message>{CountersRequest{}, DrainRequest{}, StateReleased{}}) {
    std::vector<uint8_t> body = body_of(encode_message(bare));
    body.push_back(0);
    EXPECT_FALSE(decode_message(body).message) << message_name(bare) << " with an octet after it";
  }
  // A reply saying neither yes (1) nor no (0).
  EXPECT_FALSE(decode_message(std::vector<uint8_t>{2, 7}).message);
}

TEST(RestartMessageTest, ACounterCountBeyondTheOctetsIsRefusedBeforeAnythingIsMade) {
  // counters_reply claiming four billion counters in a 5-octet body.
  const std::vector<uint8_t> body = {4, 0xFF, 0xFF, 0xFF, 0xFF};
  const DecodedMessage decoded = decode_message(body);
  EXPECT_FALSE(decoded.message);
}

TEST(RestartMessageTest, ANameLongerThanTheLimitIsRefused) {
  std::vector<uint8_t> body = {1, 0x04, 0x01};  // listen_socket_request, address of 1025 octets
  body.resize(body.size() + 1025 + 2, 'a');
  EXPECT_FALSE(decode_message(body).message);
}

TEST(FrameReaderTest, CutsFramesArrivingInPiecesAndTogether) {
  const std::vector<uint8_t> first = encode_message(ListenSocketRequest{"127.0.0.1", 1});
  const std::vector<uint8_t> second = encode_message(DrainRequest{});
  std::vector<uint8_t> stream = first;
  stream.insert(stream.end(), second.begin(), second.end());

  FrameReader reader;
  for (size_t i = 0; i < stream.size(); ++i) {
    reader.append(std::span<const uint8_t>(&stream[i], 1));
    if (i + 1 < first.size()) {
      EXPECT_FALSE(reader.has_frame()) << "after " << i + 1 << " octets";
    }
  }
  ASSERT_TRUE(reader.has_frame());
  EXPECT_EQ(reader.next(), std::optional(body_of(first)));
  EXPECT_EQ(reader.next(), std::optional(body_of(second)));
  EXPECT_FALSE(reader.next());
  EXPECT_EQ(reader.pending(), 0u);
}

TEST(FrameReaderTest, AnOversizeOrEmptyFrameIsAnErrorBeforeItsBodyIsRead) {
  for (const uint32_t length : {0u, kMaxMessageSize + 1, 0xFFFFFFFFu}) {
    FrameReader reader;
    const std::vector<uint8_t> header = {static_cast<uint8_t>(length >> 24), static_cast<uint8_t>(length >> 16),
                                         static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
    reader.append(header);
    EXPECT_TRUE(reader.has_frame()) << "the error is there to take";
    EXPECT_FALSE(reader.next()) << length;
    EXPECT_TRUE(reader.failed()) << length;
    reader.append(encode_message(DrainRequest{}));
    EXPECT_FALSE(reader.next()) << "framing is lost for good";
  }
}

}  // namespace
}  // namespace smppd::restart
