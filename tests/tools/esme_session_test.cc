// The client library against the sink, both in this process on 127.0.0.1: bind, submit, resp,
// receipt; the window; sequence numbers wrapping; the response timeout.
#include "tools/smpp/esme_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "host/async/no_throw.h"
#include "host/codec/command_status.h"
#include "tools/smpp-bench/sink_server.h"
#include "tools/smpp/submit_sm_builder.h"

namespace smppd::tools {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

using smppd::async::kNoThrow;

codec::Pdu make_submit(bool registered_delivery = false) {
  MessageSpec spec;
  spec.source = parse_sme_address("Shop");
  spec.destination = parse_sme_address("4915112345678");
  spec.text = "hello";
  spec.registered_delivery = registered_delivery ? kRegisteredDeliveryFinal : 0;
  return build_submit_sms(spec).parts.front();
}

class EsmeSessionTest : public ::testing::Test {
 protected:
  void start_sink(bench::SinkOptions options) {
    options.port = 0;
    sink_ = std::make_unique<bench::SinkServer>(options);
    ASSERT_TRUE(sink_->start()) << sink_->error();
  }

  SessionOptions session_options() const {
    SessionOptions options;
    options.port = sink_->port();
    options.system_id = "test";
    options.password = "secret";
    options.response_timeout = 2s;
    return options;
  }

  // Runs `body` on this test's io_context until it returns (at most 20 s).
  void run(const std::function<asio::awaitable<void>()>& body) {
    bool done = false;
    asio::co_spawn(context_, body(), [&done](std::exception_ptr error) {
      done = true;
      EXPECT_FALSE(error) << "the test coroutine threw";
    });
    const auto deadline = Clock::now() + 20s;
    while (!done && Clock::now() < deadline) context_.run_one_for(100ms);
    ASSERT_TRUE(done) << "the test coroutine did not finish";
  }

  // Resumes after `duration`.
  asio::awaitable<void> sleep(Clock::duration duration) {
    asio::steady_timer timer(context_, duration);
    co_await timer.async_wait(kNoThrow);
  }

  asio::io_context context_;
  std::unique_ptr<bench::SinkServer> sink_;
};

TEST_F(EsmeSessionTest, BindsSubmitsAndMatchesItsReceipt) {
  bench::SinkOptions sink;
  sink.receipts = true;
  start_sink(sink);
  BindResult bind;
  SubmitResult submitted;
  std::optional<IncomingReceipt> receipt;
  bool unbound = false;
  run([&]() -> asio::awaitable<void> {
    auto session = EsmeSession::create(context_.get_executor(), session_options());
    asio::steady_timer wake(context_, asio::steady_timer::time_point::max());
    session->on_deliver([&](const codec::Pdu&, const IncomingReceipt* incoming) {
      if (incoming != nullptr) receipt = *incoming;
      wake.cancel();
    });
    bind = co_await session->connect_and_bind();
    if (!bind.ok) co_return;
    submitted = co_await session->submit(make_submit(true));
    if (!receipt) {
      wake.expires_after(5s);
      co_await wake.async_wait(kNoThrow);
    }
    unbound = co_await session->unbind();
  });
  ASSERT_TRUE(bind.ok) << bind.error;
  EXPECT_EQ(bind.smsc_system_id, "smpp-bench");
  ASSERT_TRUE(submitted.ok()) << describe_result(submitted.outcome, submitted.command_status);
  EXPECT_FALSE(submitted.message_id.empty());
  ASSERT_TRUE(receipt.has_value()) << "no receipt arrived";
  EXPECT_EQ(receipt->message_id, submitted.message_id);
  EXPECT_EQ(receipt->stat, "DELIVRD");
  EXPECT_EQ(receipt->err, "000");
  EXPECT_EQ(receipt->state, codec::MessageState::delivered);
  ASSERT_TRUE(receipt->text.has_value());
  EXPECT_EQ(receipt->text->id, submitted.message_id);
  EXPECT_TRUE(unbound);
  // The session answered the receipt's deliver_sm by itself.
  EXPECT_EQ(sink_->totals().receipt_resps, 1u);
  EXPECT_EQ(sink_->totals().receipt_errors, 0u);
}

TEST_F(EsmeSessionTest, KeepsNoMoreThanTheWindowInFlight) {
  bench::SinkOptions sink;
  sink.drop_percent = 100;  // nothing is answered, so the window stays full
  start_sink(sink);
  SessionOptions options = session_options();
  options.window = 4;
  options.response_timeout = 1s;
  uint32_t in_flight_while_full = 0;
  uint64_t received_while_full = 0;
  std::vector<SubmitResult> results;
  bool unbound = false;
  run([&]() -> asio::awaitable<void> {
    auto session = EsmeSession::create(context_.get_executor(), options);
    if (!(co_await session->connect_and_bind()).ok) co_return;
    for (int i = 0; i < 6; ++i) {
      asio::co_spawn(context_, session->submit(make_submit()),
                     [&results](std::exception_ptr, SubmitResult result) { results.push_back(result); });
    }
    // Once the sink has read the window's worth, give a fifth submit time to slip through.
    for (int i = 0; i < 40 && sink_->totals().submits < 4; ++i) co_await sleep(20ms);
    co_await sleep(100ms);
    in_flight_while_full = session->in_flight();
    received_while_full = sink_->totals().submits;
    for (int i = 0; i < 200 && results.size() < 6; ++i) co_await sleep(20ms);
    unbound = co_await session->unbind();
  });
  EXPECT_EQ(in_flight_while_full, 4u);
  EXPECT_EQ(received_while_full, 4u) << "the sink saw more submits than the window allows";
  ASSERT_EQ(results.size(), 6u);
  for (const SubmitResult& result : results) EXPECT_EQ(result.outcome, RequestOutcome::timeout);
  EXPECT_EQ(sink_->totals().submits, 6u) << "the two waiting submits went out once the window had room";
  EXPECT_TRUE(unbound);
}

TEST_F(EsmeSessionTest, SequenceNumbersWrapFromTheLargestToOne) {
  start_sink({});
  SessionOptions options = session_options();
  options.first_sequence_number = 0x7FFFFFFE;  // the bind takes this one
  std::vector<SubmitResult> results;
  run([&]() -> asio::awaitable<void> {
    auto session = EsmeSession::create(context_.get_executor(), options);
    if (!(co_await session->connect_and_bind()).ok) co_return;
    for (int i = 0; i < 3; ++i) results.push_back(co_await session->submit(make_submit()));
    co_await session->unbind();
  });
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].sequence_number, 0x7FFFFFFFu);
  EXPECT_EQ(results[1].sequence_number, 1u);
  EXPECT_EQ(results[2].sequence_number, 2u);
  for (const SubmitResult& result : results) EXPECT_TRUE(result.ok());
}

TEST_F(EsmeSessionTest, SubmitWithoutRespTimesOutAndTheSessionStaysBound) {
  bench::SinkOptions sink;
  sink.drop_percent = 100;
  start_sink(sink);
  SessionOptions options = session_options();
  options.response_timeout = 300ms;
  SubmitResult result;
  bool still_bound = false;
  run([&]() -> asio::awaitable<void> {
    auto session = EsmeSession::create(context_.get_executor(), options);
    if (!(co_await session->connect_and_bind()).ok) co_return;
    result = co_await session->submit(make_submit());
    still_bound = session->bound();
    co_await session->unbind();
  });
  EXPECT_EQ(result.outcome, RequestOutcome::timeout);
  EXPECT_GE(result.latency, 300ms);
  EXPECT_LT(result.latency, 2s);
  EXPECT_TRUE(still_bound);
}

TEST_F(EsmeSessionTest, ThrottledSubmitsComeBackWithTheirStatus) {
  bench::SinkOptions sink;
  sink.throttle_every = 2;
  start_sink(sink);
  std::vector<SubmitResult> results;
  run([&]() -> asio::awaitable<void> {
    auto session = EsmeSession::create(context_.get_executor(), session_options());
    if (!(co_await session->connect_and_bind()).ok) co_return;
    for (int i = 0; i < 3; ++i) results.push_back(co_await session->submit(make_submit()));
    co_await session->unbind();
  });
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].outcome, RequestOutcome::response);
  EXPECT_EQ(results[1].command_status, codec::status::kThrottled);
  EXPECT_TRUE(results[2].ok());
}

TEST_F(EsmeSessionTest, ReceiptOfATransmitterReachesAReceiverOfTheSameSystemId) {
  bench::SinkOptions sink;
  sink.receipts = true;
  start_sink(sink);
  SessionOptions transmitter = session_options();
  transmitter.bind_type = BindType::transmitter;
  SessionOptions receiver = session_options();
  receiver.bind_type = BindType::receiver;
  SubmitResult submitted;
  std::optional<IncomingReceipt> receipt;
  run([&]() -> asio::awaitable<void> {
    auto rx = EsmeSession::create(context_.get_executor(), receiver);
    auto tx = EsmeSession::create(context_.get_executor(), transmitter);
    asio::steady_timer wake(context_, asio::steady_timer::time_point::max());
    rx->on_deliver([&](const codec::Pdu&, const IncomingReceipt* incoming) {
      if (incoming != nullptr) receipt = *incoming;
      wake.cancel();
    });
    if (!(co_await rx->connect_and_bind()).ok || !(co_await tx->connect_and_bind()).ok) co_return;
    submitted = co_await tx->submit(make_submit(true));
    if (!receipt) {
      wake.expires_after(5s);
      co_await wake.async_wait(kNoThrow);
    }
    co_await tx->unbind();
    co_await rx->unbind();
  });
  ASSERT_TRUE(submitted.ok());
  ASSERT_TRUE(receipt.has_value()) << "the receiver got no receipt";
  EXPECT_EQ(receipt->message_id, submitted.message_id);
}

// The sink sends a receipt refused for now (ESME_RX_T_APPN) again after its retry delay, as an
// SMSC does, and gives up on one refused for good: a benchmark through smppd then counts what an
// SMSC's client would see.
TEST_F(EsmeSessionTest, TheSinkSendsAReceiptRefusedForNowAgainAndNotOneRefusedForGood) {
  for (const uint32_t refusal : {codec::status::kXTAppn, codec::status::kXPAppn}) {
    SCOPED_TRACE(refusal);
    bench::SinkOptions sink;
    sink.receipts = true;
    sink.receipt_retry = 100ms;
    start_sink(sink);
    int deliveries = 0;
    std::vector<std::string> accepted;
    SubmitResult submitted;
    run([&]() -> asio::awaitable<void> {
      auto session = EsmeSession::create(context_.get_executor(), session_options());
      session->answer_deliveries_with([&deliveries, refusal](const codec::Pdu&) {
        return ++deliveries == 1 ? refusal : codec::status::kOk;
      });
      session->on_deliver([&](const codec::Pdu&, const IncomingReceipt* incoming) {
        if (incoming != nullptr) accepted.push_back(incoming->message_id);
      });
      const BindResult bind = co_await session->connect_and_bind();
      if (!bind.ok) co_return;
      submitted = co_await session->submit(make_submit(true));
      co_await sleep(refusal == codec::status::kXTAppn ? 1s : 500ms);
      co_await session->unbind();
    });
    ASSERT_TRUE(submitted.ok());
    if (refusal == codec::status::kXTAppn) {
      EXPECT_EQ(deliveries, 2) << "sent once more after the refusal, and no more";
      ASSERT_EQ(accepted.size(), 1u);
      EXPECT_EQ(accepted.front(), submitted.message_id);
      EXPECT_EQ(sink_->totals().receipts_retried, 1u);
      EXPECT_EQ(sink_->totals().receipt_errors, 0u);
    } else {
      EXPECT_EQ(deliveries, 1) << "a permanent refusal is not retried";
      EXPECT_TRUE(accepted.empty());
      EXPECT_EQ(sink_->totals().receipts_retried, 0u);
      EXPECT_EQ(sink_->totals().receipt_errors, 1u);
    }
    sink_.reset();
  }
}

}  // namespace
}  // namespace smppd::tools
