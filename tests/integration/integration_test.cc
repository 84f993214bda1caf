#include "tests/integration/integration_test.h"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace smppd::integration {

namespace {

using Clock = std::chrono::steady_clock;

// Enough of smppd's log to see what it did before a failure.
constexpr size_t kLogLinesOnFailure = 200;

std::string last_lines(const std::string& text, size_t count) {
  size_t at = text.size();
  for (size_t lines = 0; at > 0 && lines <= count; ++lines) {
    const size_t newline = text.rfind('\n', at - 1);
    if (newline == std::string::npos) return text;
    at = newline;
  }
  return text.substr(at);
}

}  // namespace

std::string config_toml(const std::vector<ListenerSpec>& listeners, const std::string& top) {
  std::ostringstream toml;
  // The admin server is off unless a test configures it (its default port would clash).
  if (top.find("[admin]") == std::string::npos) toml << "[admin]\nenabled = false\n\n";
  toml << top << "\n";
  for (const ListenerSpec& listener : listeners) {
    toml << "[[listeners]]\n"
         << "name = \"" << listener.name << "\"\n"
         << "address = \"127.0.0.1\"\n"
         << "port = " << listener.port << "\n"
         << "allow_unauthenticated = " << (listener.allow_unauthenticated ? "true" : "false") << "\n";
    for (const auto& [key, value] : listener.keys) toml << key << " = " << value << "\n";
    if (!listener.session.empty()) {
      toml << "\n[listeners.session]\n";
      for (const auto& [key, value] : listener.session) toml << key << " = " << value << "\n";
    }
    toml << "\n[listeners.bind_throttle]\n" << listener.bind_throttle;
    if (!listener.tls.empty()) toml << "\n[listeners.tls]\n" << listener.tls;
    toml << "\n" << listener.filters << "\n";
  }
  return toml.str();
}

SmppTestClientOptions good_client_options() {
  SmppTestClientOptions options;
  options.local_address = kGoodClientAddress;
  return options;
}

testing::SmppdOptions smppd_options() {
  testing::SmppdOptions options;
  options.binary = SMPPD_BINARY;
  options.plugin_dir = SMPPD_PLUGIN_DIR;
  options.extra_arguments = {"--plugin-dir", SMPPD_TEST_PLUGIN_DIR};
  // Tests close their clients before smppd stops; a session left behind must not hold it for 30 s.
  options.drain_time_s = 3;
  return options;
}

std::string delay_filter(Millis delay) {
  return "[[listeners.filters]]\nname = \"test_delay\"\nconfig = { delay_ms = " + std::to_string(delay.count()) +
         " }\n";
}

// ---- ServedChecker -------------------------------------------------------------------------

ServedChecker::ServedChecker(uint16_t port, const std::string& system_id, const std::string& password,
                             SmppTestClientOptions options)
    : client_(port, std::move(options)) {
  if (!client_.connected()) {
    error_ = "the checking client could not connect: " + client_.error();
    return;
  }
  const auto response = client_.bind(CommandId::bind_transceiver, system_id, password);
  bound_ = response && response->command_id == CommandId::bind_transceiver_resp && response->command_status == 0;
  if (!bound_) error_ = "the checking client could not bind: " + testing::describe(response);
}

ServedChecker::~ServedChecker() { stop(); }

void ServedChecker::start() {
  if (!bound_ || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void ServedChecker::run() {
  while (!stopping_) {
    const std::optional<Millis> took = client_.round_trip(2 * kServedWithin);
    {
      std::lock_guard lock(mutex_);
      ++report_.rounds;
      if (took) {
        report_.slowest = std::max(report_.slowest, *took);
      } else {
        ++report_.failures;
      }
    }
    std::this_thread::sleep_for(20ms);
  }
}

void ServedChecker::wait_rounds(int rounds, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  int target = 0;
  {
    std::lock_guard lock(mutex_);
    target = report_.rounds + rounds;
  }
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      if (report_.rounds >= target) return;
    }
    std::this_thread::sleep_for(5ms);
  }
}

ServedChecker::Report ServedChecker::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  return report_;
}

// ---- IntegrationTest -----------------------------------------------------------------------

void IntegrationTest::start(std::vector<ListenerSpec> listeners, const std::string& top) {
  ports_.clear();
  for (ListenerSpec& listener : listeners) {
    if (listener.port == 0) listener.port = testing::free_port();
    ports_.push_back(listener.port);
  }
  testing::SmppdOptions options = options_;
  options.ports = ports_;
  smppd_ = std::make_unique<testing::SmppdProcess>(config_toml(listeners, top), options);
  ASSERT_TRUE(smppd_->started()) << smppd_->start_error();
}

void IntegrationTest::TearDown() {
  if (!smppd_) return;
  if (smppd_->running()) {
    const std::optional<int> code = smppd_->stop(std::chrono::seconds(options_.drain_time_s.value_or(30) + 10));
    EXPECT_EQ(code, std::optional<int>(0)) << "smppd did not exit with 0 within its drain time after SIGTERM";
  }
  const std::string report = smppd_->sanitizer_report();
  EXPECT_TRUE(report.empty()) << "smppd's log holds a sanitizer report:\n" << report;
  if (HasFailure()) {
    smppd_->keep_dir();
    std::cout << "---- the end of smppd's log (" << smppd_->log_path() << ", kept) ----\n"
              << last_lines(smppd_->log(), kLogLinesOnFailure) << "\n---- end of smppd's log ----\n";
  }
  smppd_.reset();
}

std::unique_ptr<SmppTestClient> IntegrationTest::connect_to(uint16_t port, SmppTestClientOptions options) {
  auto client = std::make_unique<SmppTestClient>(port, std::move(options));
  if (!client->connected()) {
    ADD_FAILURE() << "cannot connect to 127.0.0.1:" << port << ": " << client->error();
    return nullptr;
  }
  return client;
}

std::unique_ptr<SmppTestClient> IntegrationTest::bound_client(CommandId bind_command, SmppTestClientOptions options) {
  auto client = connect(std::move(options));
  if (!client) return nullptr;
  const auto response = client->bind(bind_command);
  if (!response || response->command_id != codec::response_of(bind_command) || response->command_status != 0) {
    ADD_FAILURE() << "bind failed: " << testing::describe(response);
    return nullptr;
  }
  return client;
}

void IntegrationTest::expect_others_served_during(const std::function<void()>& misbehave) {
  ServedChecker checker(port(), checker_system_id_, checker_password_);
  ASSERT_TRUE(checker.bound()) << checker.error();
  checker.start();
  checker.wait_rounds(1);
  misbehave();
  checker.wait_rounds(2);
  const ServedChecker::Report report = checker.stop();
  EXPECT_GE(report.rounds, 3);
  EXPECT_EQ(report.failures, 0) << "enquire_link round trips of another session failed";
  EXPECT_LT(report.slowest, kServedWithin) << "another session waited " << report.slowest.count()
                                           << " ms for an enquire_link_resp";
}

}  // namespace smppd::integration
