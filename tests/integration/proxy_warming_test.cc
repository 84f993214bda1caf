// Warming (issue 4): a listener accepts binds once every cluster its routes send to has a bound
// bind, or once its warm_timeout_ms has passed. smppd is started here without waiting for its
// listener, which is what is under test.
#include <thread>

#include "host/codec/command_status.h"
#include "tests/integration/proxy_test.h"

namespace smppd::integration {
namespace {

using Clock = std::chrono::steady_clock;
namespace status = codec::status;

constexpr const char* kRouteAllToSmsc = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";
constexpr const char* kDestination = "4915112345678";

class ProxyWarmingTest : public ProxyTest {
 protected:
  void TearDown() override {
    if (smppd_) {
      EXPECT_EQ(smppd_->stop(40s), std::optional<int>(0)) << "smppd did not exit with 0 after SIGTERM";
      EXPECT_EQ(smppd_->sanitizer_report(), "");
      if (HasFailure()) std::cout << "---- smppd's log ----\n" << smppd_->log() << "\n---- end ----\n";
    }
    ProxyTest::TearDown();
  }

  // smppd in front of an SMSC expected on `smsc_port`; returns once the process runs.
  void start_warming(uint16_t smsc_port, const std::string& warm_timeout_ms) {
    listener_port_ = testing::free_port();
    ListenerSpec listener = client_listener();
    listener.port = listener_port_;
    listener.keys.push_back({"warm_timeout_ms", warm_timeout_ms});
    testing::SmppdOptions options = smppd_options();
    options.ports = {};  // do not wait for the listener
    smppd_ = std::make_unique<testing::SmppdProcess>(
        config_toml({listener}, cluster_toml("smsc", {{"s1", smsc_port}}) + kRouteAllToSmsc), options);
    ASSERT_TRUE(smppd_->started()) << smppd_->start_error();
  }

  // Whether the listener accepts within `timeout`.
  bool listening_within(Millis timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (testing::port_listening(listener_port_)) return true;
      std::this_thread::sleep_for(20ms);
    }
    return testing::port_listening(listener_port_);
  }

  // smppd logs from its own thread: a line may land a moment after what it tells of.
  bool logged_within(const std::string& text, Millis timeout) {
    const auto deadline = Clock::now() + timeout;
    while (smppd_->log().find(text) == std::string::npos) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(20ms);
    }
    return true;
  }

  std::optional<codec::Pdu> submit_once() {
    auto client = connect_to(listener_port_);
    if (!client) return std::nullopt;
    const auto bound = client->bind(CommandId::bind_transmitter, "acme", "pw");
    if (!bound || bound->command_status != status::kOk) return std::nullopt;
    return client->call(testing::make_submit_sm(kDestination, "warm"), 5s);
  }

  std::unique_ptr<testing::SmppdProcess> smppd_;
  uint16_t listener_port_ = 0;
};

TEST_F(ProxyWarmingTest, NoBindIsAcceptedUntilTheRoutedClusterHasABoundBind) {
  const uint16_t smsc_port = testing::free_port();  // nothing listens there yet
  ASSERT_NO_FATAL_FAILURE(start_warming(smsc_port, "60000"));
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(smppd_->running());
  EXPECT_FALSE(testing::port_listening(listener_port_)) << "the listener opened with no bind up";

  SinkProcess sink({}, smsc_port);
  ASSERT_TRUE(sink.listening()) << sink.process().output();
  const auto sink_up = Clock::now();
  // The bind reconnects within reconnect_max_ms (500 ms here); far below the 60 s timeout.
  ASSERT_TRUE(listening_within(10s)) << "the listener did not open once the SMSC was up";
  EXPECT_LT(Clock::now() - sink_up, 10s);
  const auto answer = submit_once();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->command_status, status::kOk) << testing::describe(*answer);
  EXPECT_EQ(smppd_->log().find("accepting binds anyway"), std::string::npos);
}

TEST_F(ProxyWarmingTest, AfterTheWarmTimeoutTheListenerAcceptsAndSubmitsGetTheNoBindStatus) {
  const uint16_t smsc_port = testing::free_port();  // and nothing ever listens there
  ASSERT_NO_FATAL_FAILURE(start_warming(smsc_port, "1500"));
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(testing::port_listening(listener_port_)) << "the listener opened before its warm timeout";
  ASSERT_TRUE(listening_within(10s)) << "the listener never opened after its warm timeout";
  EXPECT_TRUE(logged_within("listener smpp: clusters not all bound after 1500 ms; accepting binds anyway", 5s));
  const auto answer = submit_once();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->command_status, status::kThrottled) << testing::describe(*answer);
}

TEST_F(ProxyWarmingTest, AClusterNoRouteSendsToDoesNotHoldTheListener) {
  SinkProcess& sink = start_sink();
  ASSERT_TRUE(sink.listening());
  const uint16_t dead_port = testing::free_port();
  listener_port_ = testing::free_port();
  ListenerSpec listener = client_listener();
  listener.port = listener_port_;
  listener.keys.push_back({"warm_timeout_ms", "60000"});
  testing::SmppdOptions options = smppd_options();
  options.ports = {};
  smppd_ = std::make_unique<testing::SmppdProcess>(
      config_toml({listener}, cluster_toml("smsc", {{"s1", sink.port()}}) + cluster_toml("unused", {{"u1", dead_port}}) +
                                  kRouteAllToSmsc),
      options);
  ASSERT_TRUE(smppd_->started()) << smppd_->start_error();
  EXPECT_TRUE(listening_within(10s)) << "an unrouted cluster without binds held the listener";
}

}  // namespace
}  // namespace smppd::integration
