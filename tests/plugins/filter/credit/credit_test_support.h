// What the credit plugin's tests share: a fixture with the plugin configured on the fake host,
// balances seeded and read in its in-memory state store, and submits driven through the C ABI.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_host.h"
#include "smppd/plugin.h"

extern "C" const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

namespace smppd::plugins::credit::testing {

using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;
using smppd::testing::FilterOutcome;

inline constexpr const char* kDestination = "4915112345678";

// A submit_sm (or another command) with its call, kept together: the call refers to both.
struct Request {
  Request(FakeSession& session, uint32_t command_id) : message(command_id), call(session, message) {}

  FakeMessage message;
  FakeCall call;
  FilterOutcome outcome;
};

// A response to a request: its command_id and command_status.
std::unique_ptr<FakeMessage> response_to(uint32_t command_id, uint32_t command_status);

class CreditTest : public ::testing::Test {
 protected:
  explicit CreditTest(const smppd_plugin_descriptor* descriptor = SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR));
  ~CreditTest() override;

  void configure(const std::string& json);
  // A session bound as `system_id` (transceiver), with the filter's instance for it.
  void open(const std::string& system_id = "acme");

  void set_balance(const std::string& account, int64_t balance);
  // The balance in the store now (0 when absent); the fake store applies a batch when it is made.
  int64_t balance(const std::string& account) const;
  std::optional<std::string> stored(const std::string& key) const { return host_.state_value(key); }

  // A request not sent yet: a submit_sm (or data_sm: the text in message_payload) of `text`,
  // data_coding 0, to `destination`. Shape its message or set its call's attributes, then send().
  Request& prepare(const std::string& text = "hello", const std::string& destination = kDestination,
                   uint32_t command = SMPPD_CMD_SUBMIT_SM);
  // on_request and, when it pauses, until its resume.
  Request& send(Request& request);
  // on_request only: a pause stays pending.
  Request& send_without_waiting(Request& request);
  Request& submit(const std::string& text = "hello", const std::string& destination = kDestination) {
    return send(prepare(text, destination));
  }
  // The resp of `request` was sent with `status`: on_complete.
  bool respond(Request& request, uint32_t status);
  // Waits until every state store answer was delivered (commits and refunds are asynchronous).
  void settle() { ASSERT_TRUE(host_.wait_state_idle()); }

  // The reservation the resume set on the call.
  static std::optional<std::string> reservation_of(const Request& request) {
    return request.call.attributes().get_string("credit.reservation");
  }
  uint64_t counter(const std::string& name) const { return host_.counter("smppd.plugin.credit." + name); }

  FakeHost host_;
  FilterDriver filter_;
  std::unique_ptr<FakeSession> fake_session_;
  std::optional<FilterDriver::Session> session_;

 private:
  std::vector<std::unique_ptr<Request>> requests_;
  std::vector<std::unique_ptr<FakeSession>> retired_sessions_;
};

}  // namespace smppd::plugins::credit::testing
