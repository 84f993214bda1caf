// The hot-restart connection inside one process: messages both ways, a listening socket's
// descriptor passed along (SCM_RIGHTS) that still accepts on the receiving side, and a peer that
// closes cleanly or mid-message.
#include <gtest/gtest.h>

#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/write.hpp>

#include "host/restart/restart_channel.h"

namespace smppd::restart {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using asio::ip::tcp;

class RestartChannelTest : public ::testing::Test {
 protected:
  RestartChannelTest() {
    asio::local::stream_protocol::socket a(context_), b(context_);
    asio::local::connect_pair(a, b);
    parent_ = std::make_unique<RestartChannel>(std::move(a));
    child_ = std::make_unique<RestartChannel>(std::move(b));
  }

  asio::io_context context_;
  std::unique_ptr<RestartChannel> parent_;
  std::unique_ptr<RestartChannel> child_;
};

TEST_F(RestartChannelTest, MessagesGoBothWays) {
  std::string error;
  ASSERT_TRUE(child_->send(CountersRequest{}, -1, 1s, error)) << error;
  RestartChannel::Received request = parent_->receive(1s);
  ASSERT_TRUE(request.message) << request.error;
  EXPECT_TRUE(std::holds_alternative<CountersRequest>(*request.message));

  CountersReply reply;
  for (int i = 0; i < 20000; ++i) reply.counters.push_back({"smppd.test.counter_" + std::to_string(i), i});
  // Larger than a socket buffer: sent in pieces while the other side reads.
  std::thread sender([&] { EXPECT_TRUE(parent_->send(reply, -1, 5s, error)) << error; });
  RestartChannel::Received answer = child_->receive(5s);
  sender.join();
  ASSERT_TRUE(answer.message) << answer.error;
  EXPECT_EQ(*answer.message, Message(reply));
}

TEST_F(RestartChannelTest, AListeningSocketPassedAlongStillAcceptsOnTheOtherSide) {
  tcp::acceptor listener(context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const uint16_t port = listener.local_endpoint().port();
  std::string error;
  ASSERT_TRUE(parent_->send(ListenSocketReply{true}, listener.native_handle(), 1s, error)) << error;
  RestartChannel::Received received = child_->receive(1s);
  ASSERT_TRUE(received.message) << received.error;
  EXPECT_EQ(*received.message, Message(ListenSocketReply{true}));
  ASSERT_TRUE(received.descriptor.valid());
  EXPECT_NE(received.descriptor.get(), listener.native_handle()) << "a copy of its own";

  // The sender closes its copy (a draining parent, as Listener::stop() does it: out of the epoll
  // set first); the socket lives on in the copy.
  ::close(listener.release());
  tcp::acceptor adopted(context_);
  adopted.assign(tcp::v4(), ::dup(received.descriptor.get()));
  EXPECT_EQ(adopted.local_endpoint().port(), port);
  tcp::socket client(context_);
  client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  tcp::socket accepted = adopted.accept();
  EXPECT_EQ(accepted.remote_endpoint(), client.local_endpoint());
}

TEST_F(RestartChannelTest, AReplyThatFoundASocketButCarriesNoneIsRefused) {
  std::string error;
  ASSERT_TRUE(parent_->send(ListenSocketReply{true}, -1, 1s, error)) << error;
  RestartChannel::Received received = child_->receive(1s);
  EXPECT_FALSE(received.message);
  EXPECT_NE(received.error.find("without its descriptor"), std::string::npos) << received.error;
}

TEST_F(RestartChannelTest, ACleanCloseAndACloseMidMessageAreToldApart) {
  parent_->close();
  RestartChannel::Received closed = child_->receive(1s);
  EXPECT_TRUE(closed.closed);
  EXPECT_TRUE(closed.error.empty());

  asio::local::stream_protocol::socket a(context_), b(context_);
  asio::local::connect_pair(a, b);
  RestartChannel reader(std::move(b));
  const std::vector<uint8_t> frame = encode_message(ListenSocketRequest{"127.0.0.1", 2775});
  asio::write(a, asio::buffer(frame.data(), frame.size() - 3));
  a.close();
  RestartChannel::Received cut = reader.receive(1s);
  EXPECT_FALSE(cut.message);
  EXPECT_FALSE(cut.closed);
  EXPECT_NE(cut.error.find("in the middle of a message"), std::string::npos) << cut.error;
}

TEST_F(RestartChannelTest, NothingComingIsATimeout) {
  const auto started = std::chrono::steady_clock::now();
  RestartChannel::Received received = child_->receive(100ms);
  EXPECT_FALSE(received.message);
  EXPECT_FALSE(received.closed);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
  EXPECT_NE(received.error.find("timed out"), std::string::npos);
}

TEST_F(RestartChannelTest, AnOversizeFrameFromThePeerIsRefused) {
  asio::local::stream_protocol::socket a(context_), b(context_);
  asio::local::connect_pair(a, b);
  RestartChannel reader(std::move(b));
  const std::vector<uint8_t> header = {0x7F, 0xFF, 0xFF, 0xFF, 5};
  asio::write(a, asio::buffer(header));
  RestartChannel::Received received = reader.receive(1s);
  EXPECT_FALSE(received.message);
  EXPECT_NE(received.error.find("frame length"), std::string::npos) << received.error;
}

}  // namespace
}  // namespace smppd::restart
