#include "tests/plugins/filter/credit/credit_test_support.h"

#include <charconv>
#include <utility>
#include <vector>

#include "smppd/cxx/state.hpp"

namespace smppd::plugins::credit::testing {

namespace state = cxx::state;

std::unique_ptr<FakeMessage> response_to(uint32_t command_id, uint32_t command_status) {
  auto response = std::make_unique<FakeMessage>(command_id | SMPPD_CMD_RESPONSE_BIT);
  response->set_int(SMPPD_F_COMMAND_STATUS, command_status);
  if (command_status == 0) response->set_string(SMPPD_F_MESSAGE_ID, "smppd-1");
  return response;
}

CreditTest::CreditTest(const smppd_plugin_descriptor* descriptor) : filter_(host_, descriptor, "credit") {}

CreditTest::~CreditTest() {
  // As smppd closes a session: pending pauses cancelled, every owed on_complete with no resp.
  if (session_) session_->close();
  requests_.clear();
  session_.reset();
  retired_sessions_.clear();
  EXPECT_TRUE(host_.wait_state_idle());
}

void CreditTest::configure(const std::string& json) {
  std::string error;
  ASSERT_EQ(filter_.configure(json, &error), SMPPD_OK) << error;
}

void CreditTest::open(const std::string& system_id) {
  if (session_) {
    // The previous session closes as smppd closes one; its requests keep referring to it.
    session_->close();
    session_.reset();
    retired_sessions_.push_back(std::move(fake_session_));
  }
  smppd::testing::SessionInfo info;
  info.system_id = system_id;
  info.bind_type = SMPPD_BIND_TRANSCEIVER;
  fake_session_ = std::make_unique<FakeSession>(info);
  session_.emplace(filter_.open_session(*fake_session_));
}

void CreditTest::set_balance(const std::string& account, int64_t balance) {
  const state::BatchResult result = host_.state_apply({state::op::Set{"credit/balance/" + account, std::to_string(balance)}});
  ASSERT_TRUE(result.status.ok()) << result.status.to_string();
}

int64_t CreditTest::balance(const std::string& account) const {
  const std::optional<std::string> value = host_.state_value("credit/balance/" + account);
  if (!value) return 0;
  int64_t number = 0;
  std::from_chars(value->data(), value->data() + value->size(), number);
  return number;
}

Request& CreditTest::prepare(const std::string& text, const std::string& destination, uint32_t command) {
  if (!session_) open();
  requests_.push_back(std::make_unique<Request>(*fake_session_, command));
  FakeMessage& message = requests_.back()->message;
  message.set_string(SMPPD_F_DESTINATION_ADDR, destination).set_int(SMPPD_F_DATA_CODING, 0);
  if (command == SMPPD_CMD_DATA_SM) {
    message.add_tlv(0x0424, text);
  } else {
    message.set_string(SMPPD_F_SHORT_MESSAGE, text);
  }
  return *requests_.back();
}

Request& CreditTest::send(Request& request) {
  request.outcome = session_->request_and_wait(request.call);
  return request;
}

Request& CreditTest::send_without_waiting(Request& request) {
  request.outcome = session_->request(request.call);
  return request;
}

bool CreditTest::respond(Request& request, uint32_t status) {
  const auto response = response_to(request.message.command_id(), status);
  return session_->complete(request.outcome.token, *response);
}

}  // namespace smppd::plugins::credit::testing
