#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "host/codec/command_id.h"
#include "tests/support/smpp_test_client.h"
#include "tests/support/smppd_process.h"

namespace smppd::integration {

using namespace std::chrono_literals;
using codec::CommandId;
using testing::Millis;
using testing::SmppTestClient;
using testing::SmppTestClientOptions;

// How long another session may take for an enquire_link round trip while one session misbehaves:
// "without delay" for a person, generous for a sanitizer build on two shared cores.
inline constexpr Millis kServedWithin{500};
// The loopback address of the well-behaved client, so that it never shares a per-IP limit or a
// bind throttle bucket with the client under test (127.0.0.1).
inline constexpr const char* kGoodClientAddress = "127.0.0.2";

// Connects from kGoodClientAddress.
SmppTestClientOptions good_client_options();

// One [[listeners]] entry of a test config. Defaults suit tests that are not about limits: no
// authentication, no bind throttle to speak of.
struct ListenerSpec {
  std::string name = "smpp";
  uint16_t port = 0;  // 0: a free port, chosen when smppd starts
  bool allow_unauthenticated = true;
  // More keys of [[listeners]] and of [listeners.session], as TOML: {"window", "2"}.
  std::vector<std::pair<std::string, std::string>> keys;
  std::vector<std::pair<std::string, std::string>> session;
  std::string bind_throttle = "attempts_per_second = 100000.0\nburst = 100000\n";
  std::string tls;      // the body of [listeners.tls]; empty for a plain listener
  std::string filters;  // whole [[listeners.filters]] tables, verbatim
};

// The TOML of a whole config: the admin server off, `top` (say a [router] table), the listeners.
std::string config_toml(const std::vector<ListenerSpec>& listeners, const std::string& top = "");

// The smppd and plugin dirs of this build (with the tests' own plugin dir: test_delay).
testing::SmppdOptions smppd_options();

// A [[listeners.filters]] table holding each non-bind request for `delay` (the test_delay plugin,
// tests/integration/plugins), so that requests stay in flight.
std::string delay_filter(Millis delay);
// The [plugins] table that test_delay needs: it sleeps on the blocking pool, one thread a request.
inline constexpr const char* kDelayPool = "[plugins]\nblocking_threads = 16\n";

// A bound transceiver session on its own connection that does enquire_link round trips from its
// own thread, to show that other sessions are served while a test misbehaves on one.
class ServedChecker {
 public:
  struct Report {
    int rounds = 0;
    int failures = 0;
    Millis slowest{0};
  };

  // Connects from kGoodClientAddress and binds with these credentials.
  ServedChecker(uint16_t port, const std::string& system_id, const std::string& password,
                SmppTestClientOptions options = good_client_options());
  ~ServedChecker();
  ServedChecker(const ServedChecker&) = delete;
  ServedChecker& operator=(const ServedChecker&) = delete;

  bool bound() const { return bound_; }
  const std::string& error() const { return error_; }
  void start();
  // Waits until `rounds` more round trips have completed (or failed), at most `timeout`.
  void wait_rounds(int rounds, Millis timeout = 10s);
  Report stop();

 private:
  void run();

  SmppTestClient client_;
  bool bound_ = false;
  std::string error_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  Report report_;
};

// Starts its own smppd per test and stops it (SIGTERM, expecting exit 0 and no sanitizer report)
// afterwards; on failure prints the end of smppd's log.
class IntegrationTest : public ::testing::Test {
 protected:
  void TearDown() override;

  // Starts smppd with these listeners (a fatal failure when it does not start: call it inside
  // ASSERT_NO_FATAL_FAILURE).
  void start(std::vector<ListenerSpec> listeners, const std::string& top = "");
  void start(ListenerSpec listener, const std::string& top = "") {
    start(std::vector<ListenerSpec>{std::move(listener)}, top);
  }
  testing::SmppdProcess& smppd() { return *smppd_; }
  uint16_t port(size_t listener = 0) const { return ports_.at(listener); }

  std::unique_ptr<SmppTestClient> connect(SmppTestClientOptions options = {}) {
    return connect_to(port(), std::move(options));
  }
  std::unique_ptr<SmppTestClient> connect_to(uint16_t port, SmppTestClientOptions options = {});
  // A connected client bound with `bind_command`, or nullptr (with a test failure added).
  std::unique_ptr<SmppTestClient> bound_client(CommandId bind_command = CommandId::bind_transceiver,
                                               SmppTestClientOptions options = {});

  // Runs `misbehave` while a ServedChecker session keeps doing round trips: at least one before,
  // two after, and each within kServedWithin.
  void expect_others_served_during(const std::function<void()>& misbehave);

  testing::SmppdOptions options_ = smppd_options();
  // What the ServedChecker binds with (a listener that authenticates needs a real account).
  std::string checker_system_id_ = "checker";
  std::string checker_password_ = "checker";

 private:
  std::unique_ptr<testing::SmppdProcess> smppd_;
  std::vector<uint16_t> ports_;
};

}  // namespace smppd::integration
